package io.keywarden.audit.internal;

/**
 * Checks audit events one at a time in id order against the chain so far, keeping only the last
 * verified id and hash, so a walk of any length runs in constant memory. It stops at the first
 * event that does not follow: a gap in the ids (a deleted event), a previous_hash that is not the
 * prior event's hash, or a hash that does not recompute.
 */
final class ChainWalk {

    private final AuditChain.Hasher hasher;
    private long lastId;
    private String headHash = AuditChain.GENESIS;
    private long checked;
    private Long brokenId;
    private String reason;

    ChainWalk(AuditChain.Hasher hasher) {
        this.hasher = hasher;
    }

    /** Checks the next event; {@code false} once the chain is broken and the walk should stop. */
    boolean accept(StoredAuditEvent event) {
        if (brokenId != null) {
            return false;
        }
        checked++;
        if (event.id() != lastId + 1) {
            return broken(event, AuditVerification.MISSING_EVENT);
        }
        if (!headHash.equals(event.previousHash())) {
            return broken(event, AuditVerification.BROKEN_LINK);
        }
        if (!hasher.verifies(headHash, event)) {
            return broken(event, AuditVerification.HASH_MISMATCH);
        }
        lastId = event.id();
        headHash = event.hash();
        return true;
    }

    AuditVerification result() {
        return new AuditVerification(brokenId == null, checked, brokenId, headHash, reason);
    }

    private boolean broken(StoredAuditEvent event, String why) {
        brokenId = event.id();
        reason = why;
        return false;
    }
}
