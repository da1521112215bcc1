package io.keywarden.issuance.internal;

import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditEntry;
import io.keywarden.audit.AuditLog;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.identity.Caller;
import io.keywarden.platform.web.InvalidInputException;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An operator's decision on an ambiguous orphan report, in one call: revoke the one candidate they
 * know to be the lost attempt's key, or keep them all, which then are plainly unmanaged keys (left
 * alone, reported by the upstream reconciliation). Either way the attempt is {@code ABANDONED}, so
 * its request may be retried, and the decision is audited under the operator's name.
 */
@Service
class AmbiguousOrphanResolution {

    private static final Logger log = LoggerFactory.getLogger(AmbiguousOrphanResolution.class);

    private final AmbiguousOrphanStore store;
    private final OrphanRevoker revoker;
    private final AuditLog audit;
    private final TransactionTemplate transactions;

    AmbiguousOrphanResolution(
            AmbiguousOrphanStore store, OrphanRevoker revoker, AuditLog audit, TransactionTemplate transactions) {
        this.store = store;
        this.revoker = revoker;
        this.audit = audit;
        this.transactions = transactions;
    }

    List<AmbiguousOrphan> open(int limit) {
        return store.open(limit);
    }

    /**
     * @param revoke the candidate to revoke, or {@code null} to keep every candidate
     * @return the report as it stood when decided
     */
    AmbiguousOrphan resolve(UUID issuanceId, String revoke, Caller operator) {
        AmbiguousOrphan report = store.claim(issuanceId).orElseThrow(() -> notOpen(issuanceId));
        try {
            if (revoke != null && !report.hasCandidate(revoke)) {
                throw new InvalidInputException(
                        "revoke",
                        "Key " + revoke + " is not a candidate of issuance " + issuanceId
                                + "; name one of its candidates, or \"none\" to keep them all.");
            }
            if (revoke != null) {
                revoker.revoke(
                        revoke,
                        null,
                        report.userName(),
                        issuanceId,
                        operator.name(),
                        operator.context(),
                        "chosen by an operator among the candidates of issuance " + issuanceId);
            }
            transactions.executeWithoutResult(tx -> {
                store.resolved(issuanceId, revoke);
                audit.append(AuditEntry.of(operator, AuditAction.RECONCILE_ISSUANCE, AuditOutcome.ABANDONED)
                        .user(report.userName())
                        .key(revoke)
                        .detail(detail(report, revoke)));
            });
        } catch (RuntimeException ex) {
            store.release(issuanceId);
            throw ex;
        }
        log.info("Operator {} resolved issuance {}: {}", operator.name(), issuanceId, detail(report, revoke));
        return report;
    }

    private RuntimeException notOpen(UUID issuanceId) {
        if (store.awaitsOperator(issuanceId)) {
            return new ResolutionInProgressException(
                    "Issuance " + issuanceId + " is being resolved by another request; look again shortly.");
        }
        return new ReportNotOpenException("No ambiguous orphan report is open for issuance " + issuanceId + ".");
    }

    private static String detail(AmbiguousOrphan report, String revoke) {
        String kept = String.join(
                ", ",
                report.candidates().stream()
                        .map(AmbiguousOrphan.Candidate::accessKeyId)
                        .filter(id -> !id.equals(revoke))
                        .toList());
        String detail = "ambiguous orphans of issuance " + report.issuanceId() + " resolved: "
                + (revoke == null ? "none revoked" : "revoked " + revoke)
                + (kept.isEmpty() ? "" : "; kept as unmanaged: " + kept);
        return detail.length() > 500 ? detail.substring(0, 497) + "..." : detail;
    }

    /** Another operator's request is deciding the same report. Answered with 409. */
    static final class ResolutionInProgressException extends RuntimeException {
        ResolutionInProgressException(String detail) {
            super(detail, null, false, false);
        }
    }

    /** No report is open for that issuance. Answered with 404. */
    static final class ReportNotOpenException extends RuntimeException {
        ReportNotOpenException(String detail) {
            super(detail, null, false, false);
        }
    }
}
