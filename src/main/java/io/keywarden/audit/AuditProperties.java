package io.keywarden.audit;

import jakarta.validation.constraints.NotBlank;
import java.util.Base64;
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

    public AuditProperties {
        if (chainKey != null && !chainKey.isBlank()) {
            decodeKey(chainKey);
        }
    }

    byte[] chainKeyBytes() {
        return decodeKey(chainKey);
    }

    private static byte[] decodeKey(String value) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(value.trim());
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("keywarden.audit.chain-key must be base64 (of 32 random bytes)");
        }
        if (key.length != 32) {
            throw new IllegalArgumentException(
                    "keywarden.audit.chain-key must be the base64 of 32 bytes, not " + key.length);
        }
        return key;
    }

    @Override
    public String toString() {
        return "AuditProperties[chainKey=(hidden)]";
    }
}
