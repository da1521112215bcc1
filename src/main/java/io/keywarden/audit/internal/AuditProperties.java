package io.keywarden.audit.internal;

import io.keywarden.config.SecretKeySetting;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The audit log's settings ({@code keywarden.audit}).
 *
 * @param chainKey base64 of the 32-byte HMAC key of the hash chain; held outside the database so
 *     that whoever can write the table still cannot forge a chain that verifies
 */
@Validated
@ConfigurationProperties("keywarden.audit")
public record AuditProperties(@NotBlank String chainKey) {

    private static final String CHAIN_KEY = "keywarden.audit.chain-key";

    public AuditProperties {
        if (chainKey != null && !chainKey.isBlank()) {
            SecretKeySetting.decode(CHAIN_KEY, chainKey);
        }
    }

    byte[] chainKeyBytes() {
        return SecretKeySetting.decode(CHAIN_KEY, chainKey);
    }

    @Override
    public String toString() {
        return "AuditProperties[chainKey=(hidden)]";
    }
}
