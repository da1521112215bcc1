package io.keywarden.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * The audit log's hash chain: {@code hash = HMAC-SHA256(chain key, previous_hash || canonical
 * fields)}. Fields are length-prefixed in a fixed order, so no two different events share a
 * canonical form, and a change to any field, the order or the membership of events breaks every
 * hash after it.
 */
@Component
class AuditChain {

    static final String GENESIS = "0".repeat(64);

    private final SecretKeySpec key;

    AuditChain(AuditProperties properties) {
        this.key = new SecretKeySpec(properties.chainKeyBytes(), "HmacSHA256");
    }

    String hash(String previousHash, StoredAuditEvent event) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(previousHash.getBytes(StandardCharsets.US_ASCII));
            mac.update(canonical(event).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("HmacSHA256 unavailable", ex);
        }
    }

    static String canonical(StoredAuditEvent event) {
        StringBuilder out = new StringBuilder(256);
        field(out, Long.toString(event.id()));
        field(out, event.occurredAt().toString());
        field(out, event.actor());
        field(out, event.action());
        field(out, event.outcome());
        field(out, event.userName());
        field(out, event.accessKeyId());
        field(
                out,
                event.upstreamRetCode() == null ? null : event.upstreamRetCode().toString());
        field(out, event.upstreamRequestId());
        field(out, event.idempotencyKey());
        field(out, event.requestId());
        field(out, event.clientAddress());
        field(out, event.detail());
        return out.toString();
    }

    private static void field(StringBuilder out, String value) {
        if (value == null) {
            out.append("-1:");
        } else {
            out.append(value.length()).append(':').append(value);
        }
        out.append('|');
    }
}
