package io.keywarden.sandbox;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the sandbox upstream behaves, free of any framework type so that the Spring adapter, the
 * standalone server and plain unit tests all configure the same core the same way.
 *
 * @param keyPairs the account key pairs it accepts, private key by public key
 * @param maxKeysPerUser keys a user may hold (inactive ones count, deleted ones do not)
 * @param maxRequestsPerSecond requests accepted per second over all callers, 0 for no limit
 * @param latency delay added to every answer, for benchmarks
 * @param listIncludesSecret whether ListAccessKeys answers carry {@code AccessKeySecret}, as the
 *     real upstream may, so that callers prove they drop it
 */
public record SandboxSettings(
        Map<String, String> keyPairs,
        int maxKeysPerUser,
        int maxRequestsPerSecond,
        Duration latency,
        boolean listIncludesSecret) {

    public SandboxSettings {
        keyPairs = Map.copyOf(keyPairs);
        Objects.requireNonNull(latency, "latency");
        if (keyPairs.isEmpty()) {
            throw new IllegalArgumentException("the sandbox needs at least one key pair");
        }
        if (maxKeysPerUser < 1 || maxRequestsPerSecond < 0 || latency.isNegative()) {
            throw new IllegalArgumentException("the sandbox needs maxKeysPerUser >= 1, maxRequestsPerSecond >= 0"
                    + " and a latency that is not negative");
        }
    }

    /** The defaults of the real upstream as far as they are known, with the given key pairs. */
    public static SandboxSettings defaults(Map<String, String> keyPairs) {
        return new SandboxSettings(keyPairs, 2, 0, Duration.ZERO, true);
    }

    @Override
    public String toString() {
        return "SandboxSettings[publicKeys=" + keyPairs.keySet() + ", maxKeysPerUser=" + maxKeysPerUser
                + ", maxRequestsPerSecond=" + maxRequestsPerSecond + ", latency=" + latency
                + ", listIncludesSecret=" + listIncludesSecret + "]";
    }
}
