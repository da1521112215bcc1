package io.keywarden.issuance.internal;

import io.keywarden.platform.secrets.SecretKeySetting;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
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

    private static final String REPLAY_KEY = "keywarden.idempotency.replay-key";
    private static final String PREVIOUS_REPLAY_KEYS = "keywarden.idempotency.previous-replay-keys";

    public IssuanceProperties {
        if (replayKey != null && !replayKey.isBlank()) {
            SecretKeySetting.decode(REPLAY_KEY, replayKey);
        }
        if (previousReplayKeys != null) {
            previousReplayKeys.forEach(key -> SecretKeySetting.decode(PREVIOUS_REPLAY_KEYS, key));
        }
    }

    byte[] replayKeyBytes() {
        return SecretKeySetting.decode(REPLAY_KEY, replayKey);
    }

    /** Keys that no longer encrypt but still decrypt what they stored, until the retention has passed. */
    List<byte[]> previousReplayKeyBytes() {
        return previousReplayKeys.stream()
                .map(key -> SecretKeySetting.decode(PREVIOUS_REPLAY_KEYS, key))
                .toList();
    }

    @Override
    public String toString() {
        return "IssuanceProperties[retention=" + retention + ", replayKey=(hidden), lease=" + lease + ", clockSkew="
                + clockSkew + ", previousReplayKeys=(" + previousReplayKeys.size() + " hidden)]";
    }
}
