package io.keywarden.issuance;

import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keywarden's own housekeeping of intents: settles attempts whose outcome stayed unknown (a
 * timeout nobody retried, a crash between the upstream's answer and the record), and purges
 * replays past their retention.
 */
@Component
public class IssuanceJobs {

    static final String ACTOR = "keywarden";
    private static final Logger log = LoggerFactory.getLogger(IssuanceJobs.class);
    private static final int BATCH = 100;

    private final IssuanceStore store;
    private final OrphanReconciler reconciler;

    IssuanceJobs(IssuanceStore store, OrphanReconciler reconciler) {
        this.store = store;
        this.reconciler = reconciler;
    }

    /** Reconciles every unsettled issuance whose lease ran out; answers how many were settled. */
    @Scheduled(
            fixedDelayString = "${keywarden.idempotency.reconcile-every:PT1M}",
            initialDelayString = "${keywarden.idempotency.reconcile-every:PT1M}")
    public int reconcileStale() {
        int settled = 0;
        List<UUID> stale = store.findStale(BATCH);
        for (UUID id : stale) {
            var claimed = store.claimForReconciliation(id);
            if (claimed.isEmpty()) {
                continue;
            }
            try {
                reconciler.reconcile(claimed.get(), ACTOR);
                settled++;
            } catch (ReconciliationDeferredException ex) {
                log.info("Reconciliation of issuance {} deferred: {}", id, ex.getMessage());
            } catch (RuntimeException ex) {
                log.warn(
                        "Reconciliation of issuance {} failed: {}",
                        id,
                        ex.getClass().getSimpleName());
            }
        }
        return settled;
    }

    /** Deletes settled issuances past their retention; answers how many. */
    @Scheduled(fixedDelayString = "${keywarden.idempotency.purge-every:PT10M}")
    public int purgeExpired() {
        int purged = store.purgeExpired();
        if (purged > 0) {
            log.info("Purged {} expired issuance(s)", purged);
        }
        return purged;
    }
}
