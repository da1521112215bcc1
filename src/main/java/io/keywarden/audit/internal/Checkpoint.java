package io.keywarden.audit.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/**
 * A signed statement of the audit chain's head: "event {@code headEventId} has hash {@code
 * headHash}, the log holds {@code eventCount} events, and chain version 2 began at event {@code
 * firstVersion2EventId}", chained to the previous checkpoint by its hash like a signed tree head.
 * The signature covers a fixed text of every field but the signature itself; {@code hash} is the
 * SHA-256 of that text, which the next checkpoint names.
 *
 * <p>Checkpoints signed before the chain version was pinned have no {@code firstVersion2EventId}
 * and sign the text of format 1, which lacks its line; they still verify, and vouch for their
 * head and count only. A checkpoint of format 2 cannot be passed off as one of format 1: the two
 * texts differ, so its hash and signature would not verify.
 *
 * @param sequence 1 for the first checkpoint, then one more each time
 * @param eventCount the events from 1 to {@code headEventId}, which is the same number (ids have no gaps)
 * @param keyId the id of the Ed25519 key that signed it ({@link SigningKey#id})
 * @param previousHash the previous checkpoint's hash, {@link AuditChain#GENESIS} for the first
 * @param firstVersion2EventId the first event of chain version 2: every event before it is of
 *     version 1 (HMAC), every event from it on of version 2; 1 for a log born on version 2, which
 *     holds no version 1 event at all. {@code null} on a checkpoint of format 1 (signed before
 *     the pin existed)
 * @param signature base64 Ed25519 signature of {@link #signedText}
 */
public record Checkpoint(
        long sequence,
        long headEventId,
        String headHash,
        long eventCount,
        Instant createdAt,
        String keyId,
        String previousHash,
        Long firstVersion2EventId,
        String hash,
        String signature) {

    /**
     * Signs a checkpoint; {@code firstVersion2EventId} {@code null} signs one of format 1, as
     * keywarden did before the pin (only tests still make such).
     */
    static Checkpoint sign(
            long sequence,
            long headEventId,
            String headHash,
            long eventCount,
            Instant createdAt,
            SigningKey key,
            String previousHash,
            Long firstVersion2EventId) {
        Checkpoint unsigned = new Checkpoint(
                sequence,
                headEventId,
                headHash,
                eventCount,
                createdAt,
                key.id(),
                previousHash,
                firstVersion2EventId,
                null,
                null);
        byte[] text = unsigned.signedText();
        return new Checkpoint(
                sequence,
                headEventId,
                headHash,
                eventCount,
                createdAt,
                key.id(),
                previousHash,
                firstVersion2EventId,
                sha256(text),
                key.sign(text));
    }

    /** Whether it pins where chain version 2 began (format 2). */
    boolean pinned() {
        return firstVersion2EventId != null;
    }

    /** The text the signature covers and the hash is taken of: one field a line, in a fixed order. */
    byte[] signedText() {
        return ("keywarden audit checkpoint v" + (pinned() ? 2 : 1) + "\n"
                        + "sequence " + sequence + "\n"
                        + "head-event-id " + headEventId + "\n"
                        + "head-hash " + headHash + "\n"
                        + "event-count " + eventCount + "\n"
                        + "created-at " + createdAt + "\n"
                        + "key-id " + keyId + "\n"
                        + "previous-hash " + previousHash + "\n"
                        + (pinned() ? "first-version-2-event-id " + firstVersion2EventId + "\n" : ""))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Why this checkpoint cannot be trusted with these public keys (by id), or {@code null} when it can. */
    String problem(Map<String, PublicKey> keys) {
        byte[] text = signedText();
        if (!sha256(text).equals(hash)) {
            return "checkpoint " + sequence + " does not hash to its recorded hash";
        }
        PublicKey key = keys.get(keyId);
        if (key == null) {
            return "checkpoint " + sequence + " is signed by key " + keyId + ", which is not among the public keys";
        }
        if (!SigningKey.verifies(key, text, signature)) {
            return "checkpoint " + sequence + "'s signature does not verify with key " + keyId;
        }
        return null;
    }

    /** The checkpoint as one line of JSON: every value is digits, hex, base64 or an ISO instant, so none needs escaping. */
    String json() {
        return "{\"sequence\":" + sequence + ",\"headEventId\":" + headEventId + ",\"headHash\":\"" + headHash
                + "\",\"eventCount\":" + eventCount + ",\"createdAt\":\"" + createdAt + "\",\"keyId\":\"" + keyId
                + "\",\"previousHash\":\"" + previousHash + "\","
                + (pinned() ? "\"firstVersion2EventId\":" + firstVersion2EventId + "," : "")
                + "\"hash\":\"" + hash + "\",\"signature\":\"" + signature + "\"}\n";
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("SHA-256 unavailable", ex);
        }
    }
}
