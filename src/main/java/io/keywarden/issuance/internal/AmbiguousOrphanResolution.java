package io.keywarden.issuance.internal;

import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditEntry;
import io.keywarden.audit.AuditLog;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.identity.Caller;
import io.keywarden.issuance.AmbiguousOrphan;
import io.keywarden.issuance.AmbiguousOrphans;
import io.keywarden.issuance.OrphanReportNotOpenException;
import io.keywarden.issuance.OrphanResolutionInProgressException;
import io.keywarden.platform.web.InvalidInputException;
import io.keywarden.platform.web.OperatorReason;
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
 * its request may be retried, and the decision is audited under the operator's name, with the
 * reason they gave.
 */
@Service
class AmbiguousOrphanResolution implements AmbiguousOrphans {

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

    @Override
    public List<AmbiguousOrphan> open(int limit) {
        return store.open(limit);
    }

    @Override
    public AmbiguousOrphan open(UUID issuanceId) {
        return store.openReport(issuanceId).orElseThrow(() -> new OrphanReportNotOpenException(issuanceId));
    }

    @Override
    public AmbiguousOrphan resolve(Caller operator, UUID issuanceId, String revoke, String reason) {
        String why = OperatorReason.optional(reason);
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
                        "chosen by an operator among the candidates of issuance " + issuanceId
                                + (why == null ? "" : "; reason: " + why));
            }
            transactions.executeWithoutResult(tx -> {
                store.resolved(issuanceId, revoke);
                audit.append(AuditEntry.of(operator, AuditAction.RECONCILE_ISSUANCE, AuditOutcome.ABANDONED)
                        .user(report.userName())
                        .key(revoke)
                        .detail(detail(report, revoke, why)));
            });
        } catch (RuntimeException ex) {
            store.release(issuanceId);
            throw ex;
        }
        log.info("Operator {} resolved issuance {}: {}", operator.name(), issuanceId, detail(report, revoke, why));
        return report;
    }

    private RuntimeException notOpen(UUID issuanceId) {
        if (store.awaitsOperator(issuanceId)) {
            return new OrphanResolutionInProgressException(issuanceId);
        }
        return new OrphanReportNotOpenException(issuanceId);
    }

    /** The decision, then the operator's reason, then what was kept: cut at the end if too long for the log. */
    private static String detail(AmbiguousOrphan report, String revoke, String reason) {
        String kept = String.join(
                ", ",
                report.candidates().stream()
                        .map(AmbiguousOrphan.Candidate::accessKeyId)
                        .filter(id -> !id.equals(revoke))
                        .toList());
        String detail = "ambiguous orphans of issuance " + report.issuanceId() + " resolved: "
                + (revoke == null ? "none revoked" : "revoked " + revoke)
                + (reason == null ? "" : "; reason: " + reason)
                + (kept.isEmpty() ? "" : "; kept as unmanaged: " + kept);
        return detail.length() > 500 ? detail.substring(0, 497) + "..." : detail;
    }
}
