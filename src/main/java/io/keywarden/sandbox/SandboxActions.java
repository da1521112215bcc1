package io.keywarden.sandbox;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The four access-key actions of the IAM product over the key store, answering as the upstream
 * does: the created key under {@code AccessKey}, the listed ones as an array under the same
 * singular name, and product RetCodes above 2000 for an unknown key or a full user.
 */
final class SandboxActions {

    static final Set<String> NAMES = Set.of("CreateAccessKey", "ListAccessKeys", "UpdateAccessKey", "DeleteAccessKey");

    /** The per-user key limit is reached; the code is the sandbox's choice, the real one is undocumented. */
    static final int KEY_LIMIT_REACHED = 11105;

    /** No key has the given AccessKeyID; as above, the code is the sandbox's choice. */
    static final int KEY_NOT_FOUND = 11106;

    private final SandboxKeyStore store;
    private final Clock clock;
    private final boolean listIncludesSecret;

    SandboxActions(SandboxKeyStore store, Clock clock, boolean listIncludesSecret) {
        this.store = store;
        this.clock = clock;
        this.listIncludesSecret = listIncludesSecret;
    }

    /** Performs a known Action whose signature holds; the answer is a whole envelope. */
    Map<String, Object> perform(String action, Map<String, String> parameters) {
        return switch (action) {
            case "CreateAccessKey" -> create(action, parameters);
            case "ListAccessKeys" -> list(action, parameters);
            case "UpdateAccessKey" -> update(action, parameters);
            case "DeleteAccessKey" -> delete(action, parameters);
            default -> throw new IllegalArgumentException("not an access-key action: " + action);
        };
    }

    private Map<String, Object> create(String action, Map<String, String> parameters) {
        String userName = parameters.get("UserName");
        if (isBlank(userName)) {
            return Envelopes.paramsNotAvailable(action, "UserName");
        }
        Optional<SandboxKey> key = store.create(userName, now());
        if (key.isEmpty()) {
            return Envelopes.error(action, KEY_LIMIT_REACHED, "AccessKey count exceeds limit");
        }
        Map<String, Object> envelope = Envelopes.success(action);
        envelope.put("AccessKey", key.get().toWire(true));
        return envelope;
    }

    private Map<String, Object> list(String action, Map<String, String> parameters) {
        String userName = parameters.get("UserName");
        if (isBlank(userName)) {
            return Envelopes.paramsNotAvailable(action, "UserName");
        }
        List<Map<String, Object>> keys = store.list(userName).stream()
                .map(key -> key.toWire(listIncludesSecret))
                .toList();
        Map<String, Object> envelope = Envelopes.success(action);
        envelope.put("AccessKey", keys);
        return envelope;
    }

    private Map<String, Object> update(String action, Map<String, String> parameters) {
        String id = parameters.get("AccessKeyID");
        if (isBlank(id)) {
            return Envelopes.paramsNotAvailable(action, "AccessKeyID");
        }
        String statusText = parameters.get("Status");
        SandboxKeyStatus status = statusText == null ? null : SandboxKeyStatus.fromWire(statusText);
        if (statusText != null && status == null) {
            return Envelopes.paramsNotAvailable(action, "Status");
        }
        return store.update(id, status, parameters.get("Description"), now())
                .map(key -> Envelopes.success(action))
                .orElseGet(() -> keyNotFound(action, id));
    }

    private Map<String, Object> delete(String action, Map<String, String> parameters) {
        String id = parameters.get("AccessKeyID");
        if (isBlank(id)) {
            return Envelopes.paramsNotAvailable(action, "AccessKeyID");
        }
        return store.delete(id) ? Envelopes.success(action) : keyNotFound(action, id);
    }

    private static Map<String, Object> keyNotFound(String action, String id) {
        return Envelopes.error(action, KEY_NOT_FOUND, "AccessKey [" + id + "] not exists");
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
