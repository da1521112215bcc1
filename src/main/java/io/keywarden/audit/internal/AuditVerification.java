package io.keywarden.audit.internal;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a walk of the audit chain found.
 *
 * @param intact whether every event follows its predecessor (ids contiguous from 1, each
 *     previous_hash the prior hash, each hash recomputed equal)
 * @param eventsChecked events read, up to and including the first broken one
 * @param firstBrokenEventId the first event whose id, link or hash does not follow, or {@code null}
 * @param headHash the hash of the last event that verified: the head of the trustworthy chain
 *     ({@link AuditChain#GENESIS} when none did, as for an empty log)
 * @param reason why the first broken event does not follow; absent when intact
 */
record AuditVerification(
        boolean intact,
        long eventsChecked,
        Long firstBrokenEventId,
        String headHash,
        @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {

    static final String HASH_MISMATCH = "hash mismatch";
    static final String BROKEN_LINK = "previous_hash does not link";
    static final String MISSING_EVENT = "missing event before this one";
}
