package io.keywarden.audit.internal;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a walk of the audit chain found.
 *
 * @param intact whether every event follows its predecessor (ids contiguous from 1, each
 *     previous_hash the prior hash, each hash recomputed equal), the chain holds the head the
 *     latest signed checkpoints recorded, and the database's newest checkpoint is the sink's (one
 *     linked to it would not fork the sink's chain); {@code false} too when the database is behind
 *     a signed checkpoint ({@code databaseBehind}), which is a loss and not tampering
 * @param eventsChecked events read, up to and including the first broken one
 * @param firstBrokenEventId the first event whose id, link or hash does not follow, or the first
 *     missing one after a checkpoint's head; {@code null} when intact, or when only the
 *     database's checkpoints contradict the sink
 * @param headHash the hash of the last event that verified: the head of the trustworthy chain
 *     ({@link AuditChain#GENESIS} when none did, as for an empty log)
 * @param reason why the first broken event does not follow, or how the database's checkpoints
 *     contradict the sink (naming the checkpoint); absent when intact
 * @param checkpoint the sequence of the latest signed checkpoint the chain was compared with, or
 *     {@code null} when none was found
 * @param anchorProblem why the chain could not be compared with the checkpoint sink (unreadable, or
 *     its latest checkpoint does not verify); absent when it was compared or checkpoints are off
 * @param databaseBehind the database is behind a signed checkpoint (acknowledged commits lost, as in
 *     a failover), which is not tampering: where the histories part and how many events are lost;
 *     absent otherwise
 */
record AuditVerification(
        boolean intact,
        long eventsChecked,
        Long firstBrokenEventId,
        String headHash,
        @JsonInclude(JsonInclude.Include.NON_NULL) String reason,
        Long checkpoint,
        @JsonInclude(JsonInclude.Include.NON_NULL) String anchorProblem,
        @JsonInclude(JsonInclude.Include.NON_NULL) Behind databaseBehind) {

    static final String HASH_MISMATCH = "hash mismatch";
    static final String BROKEN_LINK = "previous_hash does not link";
    static final String MISSING_EVENT = "missing event before this one";
    static final String UNKNOWN_VERSION = "unknown chain version";
    static final String VERSION_BACK = "chain version goes back";

    AuditVerification(boolean intact, long eventsChecked, Long firstBrokenEventId, String headHash, String reason) {
        this(intact, eventsChecked, firstBrokenEventId, headHash, reason, null, null);
    }

    AuditVerification(
            boolean intact,
            long eventsChecked,
            Long firstBrokenEventId,
            String headHash,
            String reason,
            Long checkpoint,
            String anchorProblem) {
        this(intact, eventsChecked, firstBrokenEventId, headHash, reason, checkpoint, anchorProblem, null);
    }

    /**
     * Not intact because the log is behind a signed checkpoint: a broken chain found by the walk
     * still comes first in the reason, since that is tampering whatever else happened.
     */
    AuditVerification behind(DatabaseBehind finding) {
        return new AuditVerification(
                false,
                eventsChecked,
                firstBrokenEventId == null ? finding.partedByEventId() : firstBrokenEventId,
                headHash,
                reason == null ? finding.message() : reason + "; and " + finding.message(),
                checkpoint == null ? finding.checkpointSequence() : Math.max(checkpoint, finding.checkpointSequence()),
                anchorProblem,
                Behind.of(finding));
    }

    /** Whether the only thing wrong is that the log is behind a signed checkpoint: the chain itself is whole. */
    boolean onlyBehind() {
        return databaseBehind != null && reason != null && reason.startsWith("the database is behind");
    }

    /**
     * The finding as an answer shows it.
     *
     * @param checkpoint the signed checkpoint the database is behind
     * @param eventsLost the signed events the database lacks, at least
     * @param agreedEventId the newest event both histories are known to share (0: none known)
     * @param partedByEventId the first event missing or different in the database
     * @param databaseHeadEventId the database's newest event
     */
    record Behind(
            long checkpoint, long eventsLost, long agreedEventId, long partedByEventId, long databaseHeadEventId) {
        static Behind of(DatabaseBehind finding) {
            return new Behind(
                    finding.checkpointSequence(),
                    finding.eventsLost(),
                    finding.agreedEventId(),
                    finding.partedByEventId(),
                    finding.databaseHeadEventId());
        }
    }

    /**
     * Not intact because the database's checkpoints contradict the sink's: the walk's own finding,
     * if any, comes first.
     */
    AuditVerification forked(String problem) {
        return new AuditVerification(
                false,
                eventsChecked,
                firstBrokenEventId,
                headHash,
                reason == null ? problem : reason + "; and " + problem,
                checkpoint,
                anchorProblem,
                databaseBehind);
    }

    /** Compared with the sink's checkpoint {@code sequence}, the newest the chain holds. */
    AuditVerification anchoredAt(long sequence) {
        return new AuditVerification(
                intact,
                eventsChecked,
                firstBrokenEventId,
                headHash,
                reason,
                checkpoint == null ? sequence : Math.max(checkpoint, sequence),
                anchorProblem,
                databaseBehind);
    }

    AuditVerification withAnchorProblem(String problem) {
        return new AuditVerification(
                intact, eventsChecked, firstBrokenEventId, headHash, reason, checkpoint, problem, databaseBehind);
    }
}
