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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The audit log's hash chain. Since chain version 2 it needs no secret: {@code hash =
 * SHA-256(previous_hash || canonical fields)}, the chain version and key id among the fields, so
 * anyone holding an export can recompute it, and the heads that signed checkpoints pin make a
 * rewritten chain visible (docs/architecture.md#the-audit-log). Events written before keep their
 * version 1 hash, {@code HMAC-SHA256(chain key, previous_hash || canonical fields)}, which only a
 * holder of the chain key can check. Fields are length-prefixed in a fixed order, so no two
 * different events share a canonical form. A {@link Hasher} reuses its digests and buffers for a
 * whole walk.
 */
@Component
public class AuditChain {

    public static final String GENESIS = "0".repeat(64);

    /** Chain version of events hashed with the HMAC chain key. */
    public static final int HMAC = 1;

    /** Chain version of events hashed with plain SHA-256. */
    public static final int SHA256 = 2;

    /** The key id version 1 events name: the chain key, which has no id of its own. */
    public static final String CHAIN_KEY_ID = "chain-key";

    private static final HexFormat HEX = HexFormat.of();

    private final SecretKeySpec key;

    @Autowired
    AuditChain(AuditProperties properties) {
        this(properties.chainKeyBytes());
    }

    private AuditChain(byte[] chainKey) {
        this.key = chainKey == null ? null : new SecretKeySpec(chainKey, "HmacSHA256");
    }

    /** A chain checked without Spring, as the offline verifier does; without a key, version 1 hashes stay unchecked. */
    static AuditChain of(byte[] chainKeyOrNull) {
        return new AuditChain(chainKeyOrNull);
    }

    public String hash(String previousHash, StoredAuditEvent event) {
        return hasher().hash(previousHash, event);
    }

    /** A hasher for one thread: cheap to call once per event, not safe to share. */
    Hasher hasher() {
        try {
            Mac mac = null;
            if (key != null) {
                mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
            }
            return new Hasher(mac, MessageDigest.getInstance("SHA-256"));
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("HmacSHA256 or SHA-256 unavailable", ex);
        }
    }

    static String canonical(StoredAuditEvent event) {
        return canonical(new StringBuilder(256), event).toString();
    }

    private static StringBuilder canonical(StringBuilder out, StoredAuditEvent event) {
        if (event.chainVersion() != HMAC) {
            field(out, Integer.toString(event.chainVersion()));
            field(out, event.keyId());
        }
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
        // Version 2 always hashes them; in version 1 only events of identity-provider tokens carry
        // them, so every older event keeps its hash.
        if (event.chainVersion() != HMAC || event.tokenSubject() != null || event.tokenId() != null) {
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

    /** One {@code Mac}, one SHA-256 digest, one text buffer and one byte buffer, reused event after event. */
    static final class Hasher {

        private final Mac mac;
        private final MessageDigest sha256;
        private final StringBuilder text = new StringBuilder(1024);
        private final CharsetEncoder utf8 = StandardCharsets.UTF_8
                .newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        private ByteBuffer bytes = ByteBuffer.allocate(4096);
        private final byte[] digest = new byte[32];
        private final byte[] expected = new byte[32];

        private Hasher(Mac mac, MessageDigest sha256) {
            this.mac = mac;
            this.sha256 = sha256;
        }

        /** Whether this hasher can check the event at all: version 1 needs the chain key. */
        boolean checks(StoredAuditEvent event) {
            return event.chainVersion() == SHA256 || (event.chainVersion() == HMAC && mac != null);
        }

        String hash(String previousHash, StoredAuditEvent event) {
            digest(previousHash, event);
            return HEX.formatHex(digest);
        }

        /** Whether {@code event.hash()} is the hash of the event chained to {@code previousHash}. */
        boolean verifies(String previousHash, StoredAuditEvent event) {
            String stored = event.hash();
            if (stored == null || stored.length() != 64 || !checks(event)) {
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
            try {
                if (event.chainVersion() == HMAC) {
                    if (mac == null) {
                        throw new IllegalStateException("a version 1 event needs the chain key");
                    }
                    mac.update(bytes.array(), 0, bytes.position());
                    mac.doFinal(digest, 0);
                } else {
                    sha256.update(bytes.array(), 0, bytes.position());
                    sha256.digest(digest, 0, digest.length);
                }
            } catch (GeneralSecurityException ex) {
                throw new IllegalStateException("hashing an audit event failed", ex);
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
