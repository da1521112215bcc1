package io.keywarden.audit.internal;

/**
 * The finding that the audit log holds less than keywarden signed: a signed checkpoint in the sink
 * whose head the log lacks, or holds with another hash on a chain of its own. A database that lost
 * acknowledged commits (a standby promoted while behind, a restore from an older backup) looks
 * exactly so, and so does an owner who deleted the newest events; it is never called intact, and
 * never tampering either, which is an event that breaks the chain itself. Event ids are positions
 * in the chain: both histories agree up to {@code agreedEventId} (the newest head of a checkpoint
 * both hold, 0 when none is known), and differ or end from {@code partedByEventId} on, so every
 * signed event from there to the checkpoint's head is missing from the log.
 *
 * @param checkpointSequence the signed checkpoint the log is behind: the newest one it contradicts
 * @param checkpointHash that checkpoint's own hash, which an acknowledgement names
 * @param checkpointHeadEventId the event that checkpoint signed as the head
 * @param checkpointHeadHash its head hash
 * @param agreedEventId the newest event both histories are known to share (a checkpoint's head), 0 when none
 * @param partedByEventId the first event known to be missing or different in the log
 * @param databaseHeadEventId the log's newest event now
 * @param databaseHeadHash its hash
 */
record DatabaseBehind(
        long checkpointSequence,
        String checkpointHash,
        long checkpointHeadEventId,
        String checkpointHeadHash,
        long agreedEventId,
        long partedByEventId,
        long databaseHeadEventId,
        String databaseHeadHash) {

    /** The signed events from where the histories part to the checkpoint's head: all are missing from the log. */
    long eventsLost() {
        return Math.max(1, checkpointHeadEventId - partedByEventId + 1);
    }

    /** Whether the log went on with events of its own at the positions it lost (a new primary wrote). */
    boolean forked() {
        return databaseHeadEventId >= partedByEventId;
    }

    String message() {
        return "the database is behind its signed checkpoint " + checkpointSequence + ": at least " + eventsLost()
                + " events lost, probably a failover (" + where() + ")";
    }

    /** Where the two histories part, and what the log holds instead. */
    String where() {
        String from = agreedEventId > 0
                ? "the histories part after event " + agreedEventId + ", the newest both hold,"
                : "the histories part";
        String by = " by event " + partedByEventId + " at the latest";
        String instead = forked()
                ? "; the database went on with events of its own to event " + databaseHeadEventId
                        + ", which no signed checkpoint holds"
                : "; the database ends at event " + databaseHeadEventId;
        return from + by + "; checkpoint " + checkpointSequence + " signed events up to " + checkpointHeadEventId
                + instead;
    }
}
