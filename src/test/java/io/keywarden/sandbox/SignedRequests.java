package io.keywarden.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds signed sandbox requests for tests, with the demo key pair unless told otherwise. */
final class SignedRequests {

    static final String PUBLIC_KEY = "test-public-key";
    static final String PRIVATE_KEY = "test-private+key/with=signs";

    private SignedRequests() {}

    static SandboxSettings settings() {
        return SandboxSettings.defaults(Map.of(PUBLIC_KEY, PRIVATE_KEY));
    }

    /** Action, the given name-value pairs and PublicKey, signed with the test private key. */
    static Map<String, String> signed(String action, String... namesAndValues) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("Action", action);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            parameters.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        parameters.put("PublicKey", PUBLIC_KEY);
        parameters.put("Signature", SandboxSignature.sign(parameters, PRIVATE_KEY));
        return parameters;
    }
}
