package io.keywarden.issuance;

import io.keywarden.identity.Caller;
import java.util.List;
import java.util.UUID;

/**
 * The ambiguous orphan reports and an operator's decision on each, the one way every surface
 * (the admin API, the console) reads and settles them, so the same rules and the same audit apply
 * whichever an operator uses. Who may call it (ADMIN) is the surface's route rule.
 */
public interface AmbiguousOrphans {

    /** The open reports, oldest first, at most {@code limit} of them. */
    List<AmbiguousOrphan> open(int limit);

    /**
     * The open report of one attempt.
     *
     * @throws OrphanReportNotOpenException when no report is open for it
     */
    AmbiguousOrphan open(UUID issuanceId);

    /**
     * Settles a report: revokes the one candidate the operator names, or keeps them all, which
     * then are plainly unmanaged keys. Either way the attempt is {@code ABANDONED}, so its request
     * may be retried, and the decision is audited under the operator's name with their reason.
     *
     * @param revoke the candidate to revoke, or {@code null} to keep every candidate
     * @param reason the operator's reason or ticket, or {@code null} (an {@link
     *     io.keywarden.platform.web.OperatorReason})
     * @return the report as it stood when decided
     * @throws io.keywarden.platform.web.InvalidInputException naming {@code revoke} for a key that is
     *     not a candidate, or {@code reason} for a reason that breaks its rule; nothing changes
     * @throws OrphanReportNotOpenException when no report is open for the attempt
     * @throws OrphanResolutionInProgressException while another request is deciding it
     */
    AmbiguousOrphan resolve(Caller operator, UUID issuanceId, String revoke, String reason);
}
