package io.keywarden.audit.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * What the audit log keeps of a caller's idempotency key: its HMAC-SHA256 in hex, never the key.
 * An idempotency key and the client's token together replay that client's secrets for the
 * retention period, and callers pick guessable ones (dates, build numbers), so the log, which
 * every auditor reads, must not hand them out. Events of one request still share one value, so
 * they can be told apart and grouped. The HMAC key is derived from the chain key with a label of
 * its own: no further secret to deploy, and no value that could pass for a chain hash.
 */
@Component
public class IdempotencyKeyDigest {

    private static final byte[] LABEL = "keywarden audit idempotency-key v1".getBytes(StandardCharsets.US_ASCII);

    private final SecretKeySpec key;

    IdempotencyKeyDigest(AuditProperties properties) {
        this.key = new SecretKeySpec(
                hmac(new SecretKeySpec(properties.chainKeyBytes(), "HmacSHA256"), LABEL), "HmacSHA256");
    }

    /** The hex HMAC of {@code idempotencyKey}, or {@code null} when there is none. */
    public String digest(String idempotencyKey) {
        if (idempotencyKey == null) {
            return null;
        }
        return HexFormat.of().formatHex(hmac(key, idempotencyKey.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] hmac(SecretKeySpec key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("HmacSHA256 unavailable", ex);
        }
    }
}
