package io.keywarden.issuance.internal;

import io.keywarden.accesskey.AccessKeyQueries;
import io.keywarden.accesskey.KeyLifecycle;
import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditEntry;
import io.keywarden.audit.AuditLog;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.audit.DatabaseBehindException;
import io.keywarden.audit.LossWindows;
import io.keywarden.audit.SignedHistoryCheck;
import io.keywarden.events.OrphanAmbiguous;
import io.keywarden.issuance.ReconciliationDeferredException;
import io.keywarden.lease.LeasePolicy;
import io.keywarden.platform.web.RequestContext;
import io.keywarden.upstream.UpstreamAccessKey;
import io.keywarden.upstream.UpstreamIamClient;
import io.keywarden.upstream.UpstreamOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Settles an issuance whose outcome is unknown. It lists the user's keys upstream and revokes the
 * key the attempt left there only when {@link OrphanAttribution} can tell it was that attempt's;
 * then the issuance is {@code ABANDONED}, so a retry may create afresh. When the keys found
 * cannot be attributed, none is touched: the issuance waits for an operator ({@code
 * NEEDS_OPERATOR}), reported in the audit log, a metric and the admin listing. While another
 * attempt for the same user is between its upstream call and its record, its key would look like
 * an orphan too: reconciliation waits for it. See
 * docs/architecture.md#what-keywarden-can-and-cannot-attribute.
 *
 * <p>After a failover that lost acknowledged commits, an attempt's success may be what was lost:
 * its key was delivered, and only the record is gone. So before it revokes anything, the sweep has
 * the log compared with the signed checkpoints ({@link SignedHistoryCheck}); while a loss stands
 * unacknowledged it waits, and a key of an attempt whose window meets an acknowledged loss's is
 * adopted as recovered after that loss, as upstream reconciliation adopts the others, never revoked.
 */
@Component
class OrphanReconciler {

    private static final Logger log = LoggerFactory.getLogger(OrphanReconciler.class);

    private final UpstreamIamClient upstream;
    private final AccessKeyQueries accessKeys;
    private final ReconciliationStore store;
    private final AmbiguousOrphanStore ambiguous;
    private final OrphanRevoker revoker;
    private final SignedHistoryCheck history;
    private final LossWindows losses;
    private final KeyLifecycle lifecycle;
    private final LeasePolicy leases;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Duration clockSkew;
    private final Counter reported;

    OrphanReconciler(
            UpstreamIamClient upstream,
            AccessKeyQueries accessKeys,
            ReconciliationStore store,
            AmbiguousOrphanStore ambiguous,
            OrphanRevoker revoker,
            SignedHistoryCheck history,
            LossWindows losses,
            KeyLifecycle lifecycle,
            LeasePolicy leases,
            AuditLog audit,
            TransactionTemplate transactions,
            ApplicationEventPublisher events,
            Clock clock,
            IssuanceProperties properties,
            MeterRegistry meters) {
        this.upstream = upstream;
        this.accessKeys = accessKeys;
        this.store = store;
        this.ambiguous = ambiguous;
        this.revoker = revoker;
        this.history = history;
        this.losses = losses;
        this.lifecycle = lifecycle;
        this.leases = leases;
        this.audit = audit;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
        this.clockSkew = properties.clockSkew();
        this.reported = Counter.builder("keywarden.orphans.ambiguous")
                .description("Lost attempts whose keys upstream could not be attributed, left for an operator")
                .register(meters);
    }

    /** How reconciling one issuance ended. */
    enum Result {
        ABANDONED,
        NEEDS_OPERATOR
    }

    /**
     * Reconciles a claimed issuance; throws {@link ReconciliationDeferredException} (leaving it
     * unsettled) when that cannot be done now.
     *
     * @param actor who reconciles: the job, or the caller whose retry met the issuance
     * @param context the request of that retry, or {@link RequestContext#NONE} for the job
     */
    Result reconcile(Claim.Unsettled issuance, String actor, RequestContext context) {
        try {
            OrphanAttribution.Window window =
                    OrphanAttribution.Window.of(issuance.startedAt(), issuance.windowEndsAt(), clockSkew);
            OrphanAttribution.Decision decision = attribute(issuance, window);
            List<UpstreamAccessKey> found = List.of();
            if (decision instanceof OrphanAttribution.Revoke revoke) {
                found = List.of(revoke.key());
            } else if (decision instanceof OrphanAttribution.Ambiguous unattributable) {
                found = unattributable.candidates();
            }
            if (!found.isEmpty()) {
                Optional<LossWindows.LossWindow> lost = lostIn(window);
                if (lost.isPresent()) {
                    adopt(issuance, found, lost.get(), actor, context);
                    return Result.ABANDONED;
                }
            }
            if (decision instanceof OrphanAttribution.Ambiguous unattributable) {
                report(issuance, window, unattributable, actor, context);
                return Result.NEEDS_OPERATOR;
            }
            int revoked = 0;
            if (decision instanceof OrphanAttribution.Revoke revoke) {
                revoker.revoke(
                        revoke.key().accessKeyId(),
                        revoke.key().status(),
                        issuance.userName(),
                        issuance.issuanceId(),
                        actor,
                        context,
                        "created upstream by issuance " + issuance.issuanceId() + " but never delivered");
                revoked = 1;
            }
            abandon(issuance, actor, context, revoked);
            return Result.ABANDONED;
        } catch (RuntimeException ex) {
            releaseQuietly(issuance);
            throw ex;
        }
    }

    private OrphanAttribution.Decision attribute(Claim.Unsettled issuance, OrphanAttribution.Window window) {
        UpstreamOutcome<List<UpstreamAccessKey>> listed = upstream.listAccessKeys(issuance.userName());
        if (!listed.succeeded()) {
            throw new ReconciliationDeferredException(
                    "The upstream could not list the keys of " + issuance.userName() + " to settle an earlier attempt.",
                    OrphanRevoker.RETRY_SOON);
        }
        if (store.anotherAttemptInFlight(issuance.userName(), issuance.issuanceId())) {
            throw new ReconciliationDeferredException(
                    "Another attempt for " + issuance.userName() + " is in flight; try again shortly.",
                    OrphanRevoker.RETRY_SOON);
        }
        List<UpstreamAccessKey> recent = listed.value().stream()
                .filter(key -> key.createdAt() != null && !key.createdAt().isBefore(window.from()))
                .toList();
        Set<String> known = recent.isEmpty()
                ? Set.of()
                : accessKeys.knownIds(
                        recent.stream().map(UpstreamAccessKey::accessKeyId).toList());
        List<UpstreamAccessKey> unrecorded = recent.stream()
                .filter(key -> !known.contains(key.accessKeyId()))
                .toList();
        boolean overlaps = !unrecorded.isEmpty()
                && store.anotherAttemptOverlaps(issuance.issuanceId(), issuance.userName(), window);
        return OrphanAttribution.decide(window, unrecorded, overlaps);
    }

    /**
     * The acknowledged loss whose window the attempt's meets, after the log was compared with the
     * signed checkpoints; deferred while a loss stands unacknowledged.
     */
    private Optional<LossWindows.LossWindow> lostIn(OrphanAttribution.Window window) {
        try {
            history.requireNotBehind();
        } catch (DatabaseBehindException behind) {
            throw new ReconciliationDeferredException(
                    "The database is behind its signed audit checkpoint: no key is revoked until an operator"
                            + " acknowledges the loss. " + behind.getMessage(),
                    OrphanRevoker.RETRY_SOON);
        }
        return losses.acknowledged(clockSkew).stream()
                .filter(lost -> !lost.from().isAfter(window.to()) && !lost.to().isBefore(window.from()))
                .findFirst();
    }

    /**
     * The keys the attempt may have left (one it is known to have, or the candidates that cannot be
     * told apart) adopted as recovered after the loss: any of them may be in a caller's hands.
     */
    private void adopt(
            Claim.Unsettled issuance,
            List<UpstreamAccessKey> keys,
            LossWindows.LossWindow lost,
            String actor,
            RequestContext context) {
        transactions.executeWithoutResult(tx -> {
            store.abandon(issuance.issuanceId());
            for (UpstreamAccessKey key : keys) {
                lifecycle.adoptRecovered(actor, issuance.userName(), key, lost.lossId(), leases.recoveredLease());
                audit.append(AuditEntry.of(actor, AuditAction.RECONCILE_ISSUANCE, AuditOutcome.ABANDONED)
                        .in(context)
                        .user(issuance.userName())
                        .key(key.accessKeyId())
                        .detail("issuance " + issuance.issuanceId() + " settled; key not revoked but adopted as"
                                + " recovered after loss " + lost.lossId() + " (one of " + keys.size()
                                + " the attempt may have left): it may have been delivered before the loss"));
            }
        });
        log.warn(
                "Issuance {} for user {} met acknowledged loss {}: {} key(s) adopted as recovered, none revoked",
                issuance.issuanceId(),
                issuance.userName(),
                lost.lossId(),
                keys.size());
    }

    private void abandon(Claim.Unsettled issuance, String actor, RequestContext context, int revoked) {
        transactions.executeWithoutResult(tx -> {
            store.abandon(issuance.issuanceId());
            audit.append(AuditEntry.of(actor, AuditAction.RECONCILE_ISSUANCE, AuditOutcome.ABANDONED)
                    .in(context)
                    .user(issuance.userName())
                    .detail("issuance " + issuance.issuanceId() + " settled; orphans revoked: " + revoked));
        });
        log.info(
                "Reconciled issuance {} for user {}: {} orphan(s) revoked",
                issuance.issuanceId(),
                issuance.userName(),
                revoked);
    }

    private void report(
            Claim.Unsettled issuance,
            OrphanAttribution.Window window,
            OrphanAttribution.Ambiguous unattributable,
            String actor,
            RequestContext context) {
        boolean parked = Boolean.TRUE.equals(transactions.execute(tx -> {
            if (!ambiguous.report(
                    issuance.issuanceId(), window, unattributable.candidates(), unattributable.reason())) {
                return false;
            }
            for (UpstreamAccessKey candidate : unattributable.candidates()) {
                audit.append(AuditEntry.of(actor, AuditAction.RECONCILE_ISSUANCE, AuditOutcome.ORPHAN_AMBIGUOUS)
                        .in(context)
                        .user(issuance.userName())
                        .key(candidate.accessKeyId())
                        .detail("issuance " + issuance.issuanceId() + ": not revoked, " + unattributable.reason()
                                + "; an operator decides on the console at /console/orphans"
                                + " (or at /admin/v1/ambiguous-orphans)"));
            }
            events.publishEvent(new OrphanAmbiguous(
                    clock.instant(),
                    new OrphanAmbiguous.Data(
                            issuance.issuanceId(),
                            issuance.userName(),
                            unattributable.candidates().stream()
                                    .map(UpstreamAccessKey::accessKeyId)
                                    .toList(),
                            unattributable.reason())));
            return true;
        }));
        if (!parked) {
            throw new ReconciliationDeferredException(
                    "Issuance " + issuance.issuanceId() + " was settled by someone else meanwhile.",
                    OrphanRevoker.RETRY_SOON);
        }
        reported.increment();
        log.warn(
                "Issuance {} for user {} left {} key(s) that cannot be attributed to it ({}); none revoked,"
                        + " waiting for an operator",
                issuance.issuanceId(),
                issuance.userName(),
                unattributable.candidates().size(),
                unattributable.reason());
    }

    private void releaseQuietly(Claim.Unsettled issuance) {
        try {
            store.release(issuance.issuanceId());
        } catch (RuntimeException ex) {
            log.warn("Could not release issuance {}; its lease runs out by itself", issuance.issuanceId());
        }
    }
}
