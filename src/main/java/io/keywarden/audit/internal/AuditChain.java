package io.keywarden.audit.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * The audit log's hash chain: {@code hash = HMAC-SHA256(chain key, previous_hash || canonical
 * fields)}. Fields are length-prefixed in a fixed order, so no two different events share a
 * canonical form, and a change to any field, the order or the membership of events breaks every
 * hash after it. A {@link Hasher} reuses one {@code Mac} and its buffers for a whole walk.
 */
@Component
public class AuditChain {

    public static final String GENESIS = "0".repeat(64);

    private static final HexFormat HEX = HexFormat.of();

    private final SecretKeySpec key;

    AuditChain(AuditProperties properties) {
        this.key = new SecretKeySpec(properties.chainKeyBytes(), "HmacSHA256");
    }

    public String hash(String previousHash, StoredAuditEvent event) {
        return hasher().hash(previousHash, event);
    }

    /** A hasher for one thread: cheap to call once per event, not safe to share. */
    Hasher hasher() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return new Hasher(mac);
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("HmacSHA256 unavailable", ex);
        }
    }

    static String canonical(StoredAuditEvent event) {
        return canonical(new StringBuilder(256), event).toString();
    }

    private static StringBuilder canonical(StringBuilder out, StoredAuditEvent event) {
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
        // Only events of identity-provider tokens carry these, so every older event keeps its hash.
        if (event.tokenSubject() != null || event.tokenId() != null) {
            field(out, event.tokenSubject());
            field(out, event.tokenId());
        }
        return out;
    }

    private static void field(StringBuilder out, String value) {
        if (value == null) {
            out.append("-1:");
        } else {
            out.append(value.length()).append(':').append(value);
        }
        out.append('|');
    }

    /** One {@code Mac}, one text buffer and one byte buffer, reused event after event. */
    static final class Hasher {

        private final Mac mac;
        private final StringBuilder text = new StringBuilder(1024);
        private final CharsetEncoder utf8 = StandardCharsets.UTF_8
                .newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        private ByteBuffer bytes = ByteBuffer.allocate(4096);
        private final byte[] digest = new byte[32];
        private final byte[] expected = new byte[32];

        private Hasher(Mac mac) {
            this.mac = mac;
        }

        String hash(String previousHash, StoredAuditEvent event) {
            digest(previousHash, event);
            return HEX.formatHex(digest);
        }

        /** Whether {@code event.hash()} is the hash of the event chained to {@code previousHash}. */
        boolean verifies(String previousHash, StoredAuditEvent event) {
            String stored = event.hash();
            if (stored == null || stored.length() != 64) {
                return false;
            }
            try {
                for (int i = 0; i < 32; i++) {
                    expected[i] = (byte) HexFormat.fromHexDigits(stored, 2 * i, 2 * i + 2);
                }
            } catch (IllegalArgumentException ex) {
                return false;
            }
            digest(previousHash, event);
            return MessageDigest.isEqual(digest, expected);
        }

        private void digest(String previousHash, StoredAuditEvent event) {
            text.setLength(0);
            text.append(previousHash);
            canonical(text, event);
            encode();
            mac.update(bytes.array(), 0, bytes.position());
            try {
                mac.doFinal(digest, 0);
            } catch (GeneralSecurityException ex) {
                throw new IllegalStateException("HmacSHA256 failed", ex);
            }
        }

        /** UTF-8 of the text; the common all-ASCII text is copied byte for byte without an encoder. */
        private void encode() {
            int length = text.length();
            if (bytes.capacity() < length * 3) {
                bytes = ByteBuffer.allocate(length * 3);
            }
            bytes.clear();
            byte[] out = bytes.array();
            for (int i = 0; i < length; i++) {
                char c = text.charAt(i);
                if (c >= 0x80) {
                    bytes.clear();
                    utf8.reset();
                    utf8.encode(CharBuffer.wrap(text), bytes, true);
                    utf8.flush(bytes);
                    return;
                }
                out[i] = (byte) c;
            }
            bytes.position(length);
        }
    }
}
