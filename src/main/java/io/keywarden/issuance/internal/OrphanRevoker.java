package io.keywarden.issuance.internal;

import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditEntry;
import io.keywarden.audit.AuditLog;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.issuance.ReconciliationDeferredException;
import io.keywarden.platform.web.RequestContext;
import io.keywarden.upstream.UpstreamKeyRevoker;
import io.keywarden.upstream.UpstreamKeyStatus;
import io.keywarden.upstream.UpstreamOutcome;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Disables and deletes one key upstream that nobody holds, and audits it {@code ORPHAN_REVOKED}.
 * The reconciler calls it for a key it attributed to a lost attempt, an operator for the key they
 * chose among an ambiguous attempt's candidates. A delete that fails while the key is still listed
 * leaves the decision open rather than pretending it was carried out. The upstream steps are
 * {@link UpstreamKeyRevoker}'s, the one routine that takes a key out of service.
 */
@Component
class OrphanRevoker {

    private static final Logger log = LoggerFactory.getLogger(OrphanRevoker.class);
    static final Duration RETRY_SOON = Duration.ofSeconds(2);

    private final UpstreamKeyRevoker upstream;
    private final AuditLog audit;
    private final TransactionTemplate transactions;

    OrphanRevoker(UpstreamKeyRevoker upstream, AuditLog audit, TransactionTemplate transactions) {
        this.upstream = upstream;
        this.audit = audit;
        this.transactions = transactions;
    }

    /**
     * @param status the key's status upstream, or {@code null} when not known: it is then disabled
     *     first whatever it is
     */
    void revoke(
            String accessKeyId,
            UpstreamKeyStatus status,
            String userName,
            UUID issuanceId,
            String actor,
            RequestContext context,
            String why) {
        UpstreamOutcome<Void> deleted = upstream.revoke(userName, accessKeyId, status);
        if (!deleted.succeeded()) {
            throw new ReconciliationDeferredException(
                    "An orphaned key of " + userName + " could not be deleted upstream yet.", RETRY_SOON);
        }
        transactions.executeWithoutResult(
                tx -> audit.append(AuditEntry.of(actor, AuditAction.REVOKE_ORPHAN, AuditOutcome.ORPHAN_REVOKED)
                        .in(context)
                        .user(userName)
                        .key(accessKeyId)
                        .upstream(0, deleted.requestId())
                        .detail(why)));
        log.warn("Revoked orphaned key {} of user {} (issuance {})", accessKeyId, userName, issuanceId);
    }
}
