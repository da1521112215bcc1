package io.keywarden.audit.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A verification as a caller receives it: what the walk found ({@link AuditVerification}), when
 * it finished, and whether this answer is an earlier walk's because another was running.
 *
 * @param checkpoint the latest signed checkpoint in the sink that the chain was compared with
 * @param anchorProblem why the chain could not be compared with the sink, when it could not
 * @param databaseBehind the database is behind a signed checkpoint (lost commits, not tampering), when it is
 * @param verifiedAt when the walk finished
 * @param cached {@code true} when a walk was running and this is the latest finished one
 */
record AuditVerificationReport(
        boolean intact,
        long eventsChecked,
        Long firstBrokenEventId,
        String headHash,
        @JsonInclude(JsonInclude.Include.NON_NULL) String reason,
        Long checkpoint,
        @JsonInclude(JsonInclude.Include.NON_NULL) String anchorProblem,
        @JsonInclude(JsonInclude.Include.NON_NULL) AuditVerification.Behind databaseBehind,
        Instant verifiedAt,
        boolean cached) {

    static AuditVerificationReport fresh(AuditVerification verification, Instant verifiedAt) {
        return new AuditVerificationReport(
                verification.intact(),
                verification.eventsChecked(),
                verification.firstBrokenEventId(),
                verification.headHash(),
                verification.reason(),
                verification.checkpoint(),
                verification.anchorProblem(),
                verification.databaseBehind(),
                verifiedAt,
                false);
    }

    AuditVerificationReport asCached() {
        return new AuditVerificationReport(
                intact,
                eventsChecked,
                firstBrokenEventId,
                headHash,
                reason,
                checkpoint,
                anchorProblem,
                databaseBehind,
                verifiedAt,
                true);
    }

    AuditVerification asVerification() {
        return new AuditVerification(
                intact, eventsChecked, firstBrokenEventId, headHash, reason, checkpoint, anchorProblem, databaseBehind);
    }
}
