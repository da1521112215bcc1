package io.keywarden.audit.internal;

import io.keywarden.platform.secrets.SecretKeySetting;
import jakarta.validation.constraints.NotBlank;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The audit log's settings ({@code keywarden.audit}). Keys are checked here, so a malformed one
 * stops the start-up naming its property, and so does an enabled checkpoint without a signing key
 * or a directory.
 *
 * @param chainKey base64 of 32 bytes: the HMAC key that checks the events written before the
 *     public chain (chain version 1), and the key of the HMAC kept of each idempotency key
 * @param signingKey the Ed25519 private key that signs checkpoints, base64 of its 32-byte seed or
 *     of its PKCS#8 encoding; required while checkpoints are enabled
 * @param previousPublicKeys public keys of earlier signing keys (base64 of X.509 or of the raw 32
 *     bytes), kept so that checkpoints signed before a roll still verify
 * @param checkpoint where and how often checkpoints are written
 */
@Validated
@ConfigurationProperties("keywarden.audit")
public record AuditProperties(
        @NotBlank String chainKey,
        String signingKey,
        @DefaultValue List<String> previousPublicKeys,
        @DefaultValue Checkpoints checkpoint) {

    static final String CHAIN_KEY = "keywarden.audit.chain-key";
    static final String SIGNING_KEY = "keywarden.audit.signing-key";
    static final String PREVIOUS_PUBLIC_KEYS = "keywarden.audit.previous-public-keys";
    static final String DIRECTORY = "keywarden.audit.checkpoint.directory";

    public AuditProperties {
        if (chainKey != null && !chainKey.isBlank()) {
            SecretKeySetting.decode(CHAIN_KEY, chainKey);
        }
        if (checkpoint.enabled() && (signingKey == null || signingKey.isBlank())) {
            throw new IllegalArgumentException(SIGNING_KEY + " is required while keywarden.audit.checkpoint.enabled"
                    + " is true: the Ed25519 key (base64 seed or PKCS#8) that signs audit checkpoints");
        }
        if (checkpoint.enabled() && checkpoint.directory() == null) {
            throw new IllegalArgumentException(DIRECTORY + " is required while keywarden.audit.checkpoint.enabled"
                    + " is true: the directory outside the database that keeps the signed checkpoints");
        }
        if (signingKey != null && !signingKey.isBlank()) {
            SigningKey.parse(SIGNING_KEY, signingKey);
        }
        previousPublicKeys.forEach(key -> SigningKey.publicKey(PREVIOUS_PUBLIC_KEYS, key));
    }

    byte[] chainKeyBytes() {
        return SecretKeySetting.decode(CHAIN_KEY, chainKey);
    }

    @Override
    public String toString() {
        return "AuditProperties[chainKey=(hidden), signingKey=(hidden), previousPublicKeys=" + previousPublicKeys
                + ", checkpoint=" + checkpoint + "]";
    }

    /**
     * Signed checkpoints of the chain's head ({@code keywarden.audit.checkpoint}).
     *
     * @param enabled whether keywarden signs checkpoints and compares the chain with them
     * @param interval how often a checkpoint is signed when events were appended (also after each
     *     verification)
     * @param directory where each checkpoint is written as a file of its own, never rewritten: a
     *     write-once volume or a bucket with object lock, out of reach of the database's owners
     * @param endpoint an HTTP endpoint that receives each checkpoint as JSON (a separate log
     *     service), or none
     */
    public record Checkpoints(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("1m") Duration interval,
            Path directory,
            URI endpoint) {

        public Checkpoints {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("keywarden.audit.checkpoint.interval must be positive");
            }
        }
    }
}
