package io.keywarden.sandbox;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The sandbox upstream served by keywarden itself in the {@code local} profile and in tests. It is
 * off unless enabled, so a production start can never answer as its own upstream.
 *
 * @param enabled whether keywarden serves the sandbox under {@code /sandbox/upstream/}
 * @param keyPairs the account key pairs the sandbox accepts
 * @param maxKeysPerUser keys a user may hold; inactive ones count, deleted ones do not
 * @param maxRequestsPerSecond requests accepted per second over all callers, 0 for no limit
 * @param latency delay added to every answer, for benchmarks
 * @param listIncludesSecret whether ListAccessKeys answers carry the secret, as the real one may
 */
@Validated
@ConfigurationProperties("keywarden.sandbox")
public record SandboxProperties(
        @DefaultValue("false") boolean enabled,
        @NotNull @Valid @DefaultValue List<KeyPair> keyPairs,
        @Min(1) @DefaultValue("2") int maxKeysPerUser,
        @Min(0) @DefaultValue("0") int maxRequestsPerSecond,
        @NotNull @DefaultValue("0ms") Duration latency,
        @DefaultValue("true") boolean listIncludesSecret) {

    /**
     * One key pair the sandbox accepts.
     *
     * @param publicKey sent by callers as {@code PublicKey}
     * @param privateKey the key they sign with; never shown
     */
    public record KeyPair(
            @NotBlank String publicKey, @NotBlank String privateKey) {

        @Override
        public String toString() {
            return "KeyPair[publicKey=" + publicKey + ", privateKey=(hidden)]";
        }
    }

    @AssertTrue(message = "keywarden.sandbox.key-pairs must hold at least one key pair when the sandbox is enabled")
    public boolean isKeyPairsGivenWhenEnabled() {
        return !enabled || !keyPairs.isEmpty();
    }

    SandboxSettings toSettings() {
        Map<String, String> pairs = new LinkedHashMap<>();
        keyPairs.forEach(pair -> pairs.put(pair.publicKey(), pair.privateKey()));
        return new SandboxSettings(pairs, maxKeysPerUser, maxRequestsPerSecond, latency, listIncludesSecret);
    }
}
