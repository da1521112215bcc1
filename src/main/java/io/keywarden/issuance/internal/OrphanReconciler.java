package io.keywarden.issuance.internal;

import io.keywarden.accesskey.AccessKeyRecords;
import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditEntry;
import io.keywarden.audit.AuditLog;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.issuance.ReconciliationDeferredException;
import io.keywarden.upstream.UpstreamAccessKey;
import io.keywarden.upstream.UpstreamIamClient;
import io.keywarden.upstream.UpstreamKeyRevoker;
import io.keywarden.upstream.UpstreamOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Settles an issuance whose outcome is unknown. It lists the user's keys upstream; every key
 * created since the attempt started that keywarden has not recorded is an orphan nobody holds the
 * secret of, and is disabled and deleted upstream. Only then is the issuance {@code ABANDONED},
 * so a retry may create afresh. While another attempt for the same user is between its upstream
 * call and its record, its key would look like an orphan too: reconciliation waits for it.
 */
@Component
public class OrphanReconciler {

    private static final Logger log = LoggerFactory.getLogger(OrphanReconciler.class);
    private static final Duration RETRY_SOON = Duration.ofSeconds(2);

    private final UpstreamIamClient upstream;
    private final UpstreamKeyRevoker revoker;
    private final AccessKeyRecords accessKeys;
    private final IssuanceStore store;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Duration clockSkew;

    OrphanReconciler(
            UpstreamIamClient upstream,
            UpstreamKeyRevoker revoker,
            AccessKeyRecords accessKeys,
            IssuanceStore store,
            AuditLog audit,
            TransactionTemplate transactions,
            IssuanceProperties properties) {
        this.upstream = upstream;
        this.revoker = revoker;
        this.accessKeys = accessKeys;
        this.store = store;
        this.audit = audit;
        this.transactions = transactions;
        this.clockSkew = properties.clockSkew();
    }

    /**
     * Reconciles a claimed issuance; throws {@link ReconciliationDeferredException} (leaving it
     * unsettled) when that cannot be done now.
     */
    public int reconcile(Claim.Unsettled issuance, String actor) {
        try {
            int revoked = revokeOrphans(issuance, actor);
            transactions.executeWithoutResult(tx -> {
                store.settle(issuance.issuanceId(), IssuanceState.ABANDONED);
                audit.append(AuditEntry.of(actor, AuditAction.RECONCILE_ISSUANCE, AuditOutcome.ABANDONED)
                        .user(issuance.userName())
                        .detail("issuance " + issuance.issuanceId() + " settled; orphans revoked: " + revoked));
            });
            log.info(
                    "Reconciled issuance {} for user {}: {} orphan(s) revoked",
                    issuance.issuanceId(),
                    issuance.userName(),
                    revoked);
            return revoked;
        } catch (RuntimeException ex) {
            releaseQuietly(issuance);
            throw ex;
        }
    }

    private void releaseQuietly(Claim.Unsettled issuance) {
        try {
            store.release(issuance.issuanceId());
        } catch (RuntimeException ex) {
            log.warn("Could not release issuance {}; its lease runs out by itself", issuance.issuanceId());
        }
    }

    private int revokeOrphans(Claim.Unsettled issuance, String actor) {
        UpstreamOutcome<List<UpstreamAccessKey>> listed = upstream.listAccessKeys(issuance.userName());
        if (!listed.succeeded()) {
            throw new ReconciliationDeferredException(
                    "The upstream could not list the keys of " + issuance.userName() + " to settle an earlier attempt.",
                    RETRY_SOON);
        }
        if (store.anotherAttemptInFlight(issuance.userName(), issuance.issuanceId())) {
            throw new ReconciliationDeferredException(
                    "Another attempt for " + issuance.userName() + " is in flight; try again shortly.", RETRY_SOON);
        }
        Instant since = issuance.startedAt().minus(clockSkew);
        List<UpstreamAccessKey> recent = listed.value().stream()
                .filter(key -> key.createdAt() != null && !key.createdAt().isBefore(since))
                .toList();
        if (recent.isEmpty()) {
            return 0;
        }
        Set<String> known = accessKeys.knownIds(
                recent.stream().map(UpstreamAccessKey::accessKeyId).toList());
        int revoked = 0;
        for (UpstreamAccessKey key : recent) {
            if (!known.contains(key.accessKeyId())) {
                revoke(key, issuance, actor);
                revoked++;
            }
        }
        return revoked;
    }

    private void revoke(UpstreamAccessKey key, Claim.Unsettled issuance, String actor) {
        UpstreamOutcome<Void> deleted = revoker.revoke(issuance.userName(), key.accessKeyId(), key.status());
        if (!deleted.succeeded()) {
            throw new ReconciliationDeferredException(
                    "An orphaned key of " + issuance.userName() + " could not be deleted upstream yet.", RETRY_SOON);
        }
        transactions.executeWithoutResult(
                tx -> audit.append(AuditEntry.of(actor, AuditAction.REVOKE_ORPHAN, AuditOutcome.ORPHAN_REVOKED)
                        .user(issuance.userName())
                        .key(key.accessKeyId())
                        .upstream(0, deleted.requestId())
                        .detail("created upstream by issuance " + issuance.issuanceId() + " but never delivered")));
        log.warn(
                "Revoked orphaned key {} of user {} (issuance {})",
                key.accessKeyId(),
                issuance.userName(),
                issuance.issuanceId());
    }
}
