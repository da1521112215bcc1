package io.keywarden.issuance;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Idempotency and intent settings ({@code keywarden.idempotency}).
 *
 * @param retention how long a settled request can be replayed with its idempotency key
 * @param replayKey base64 of the 32-byte AES-256-GCM key that encrypts stored responses
 * @param lease how long an attempt may hold its intent before the reconciler treats it as
 *     crashed; must outlast the longest upstream call
 * @param clockSkew how much earlier than an attempt's start an upstream key may be stamped and
 *     still count as created by that attempt
 */
@Validated
@ConfigurationProperties("keywarden.idempotency")
public record IssuanceProperties(
        @NotNull @DefaultValue("24h") Duration retention,
        @NotBlank String replayKey,
        @NotNull @DefaultValue("2m") Duration lease,
        @NotNull @DefaultValue("30s") Duration clockSkew,
        @NotNull @DefaultValue List<String> previousReplayKeys) {

    public IssuanceProperties {
        if (replayKey != null && !replayKey.isBlank()) {
            decode(replayKey);
        }
        if (previousReplayKeys != null) {
            previousReplayKeys.forEach(IssuanceProperties::decode);
        }
    }

    byte[] replayKeyBytes() {
        return decode(replayKey);
    }

    /** Keys that no longer encrypt but still decrypt what they stored, until the retention has passed. */
    List<byte[]> previousReplayKeyBytes() {
        return previousReplayKeys.stream().map(IssuanceProperties::decode).toList();
    }

    private static byte[] decode(String value) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(value.trim());
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("keywarden.idempotency.replay-key must be base64 (of 32 random bytes)");
        }
        if (key.length != 32) {
            throw new IllegalArgumentException(
                    "keywarden.idempotency.replay-key must be the base64 of 32 bytes, not " + key.length);
        }
        return key;
    }

    @Override
    public String toString() {
        return "IssuanceProperties[retention=" + retention + ", replayKey=(hidden), lease=" + lease + ", clockSkew="
                + clockSkew + ", previousReplayKeys=(" + previousReplayKeys.size() + " hidden)]";
    }
}
