package io.keywarden.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The upstream's JSON envelope, built in one place so every answer spells RetCode, Action and
 * Message the same way. Gateway errors about a missing Action carry no Action, as the real ones do.
 */
final class Envelopes {

    static final int THROTTLED = 153;

    private Envelopes() {}

    static Map<String, Object> success(String action) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("RetCode", 0);
        envelope.put("Action", action + "Response");
        return envelope;
    }

    static Map<String, Object> error(String action, int retCode, String message) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("RetCode", retCode);
        if (action != null && !action.isBlank()) {
            envelope.put("Action", action + "Response");
        }
        envelope.put("Message", message);
        return envelope;
    }

    static Map<String, Object> paramsNotAvailable(String action, String parameter) {
        return error(action, 230, "Params [" + parameter + "] not available");
    }

    static Map<String, Object> throttled(String action) {
        return error(action, THROTTLED, "Request is throttled, please retry later");
    }

    static boolean succeeded(Map<String, Object> envelope) {
        return Integer.valueOf(0).equals(envelope.get("RetCode"));
    }
}
