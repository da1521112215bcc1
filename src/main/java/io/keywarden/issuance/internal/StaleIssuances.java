package io.keywarden.issuance.internal;

import io.keywarden.issuance.ReconciliationDeferredException;
import io.keywarden.issuance.StaleIssuanceJob;
import io.keywarden.jobs.JobResult;
import io.keywarden.platform.web.RequestContext;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The {@link StaleIssuanceJob}: takes over each attempt whose lease ran out unsettled, oldest
 * first, and lets the {@link OrphanReconciler} settle it.
 */
@Component
class StaleIssuances extends StaleIssuanceJob {

    private static final Logger log = LoggerFactory.getLogger(StaleIssuances.class);
    private static final int BATCH = 100;

    private final ReconciliationStore store;
    private final OrphanReconciler reconciler;

    StaleIssuances(ReconciliationStore store, OrphanReconciler reconciler) {
        this.store = store;
        this.reconciler = reconciler;
    }

    @Override
    public JobResult run() {
        JobResult total = JobResult.none();
        List<UUID> stale = store.findStale(BATCH);
        for (UUID id : stale) {
            total = total.plus(settle(id));
        }
        return total;
    }

    private JobResult settle(UUID id) {
        var claimed = store.claimForReconciliation(id);
        if (claimed.isEmpty()) {
            return JobResult.itemUnchanged();
        }
        try {
            reconciler.reconcile(claimed.get(), ACTOR, RequestContext.NONE);
            return JobResult.itemChanged();
        } catch (ReconciliationDeferredException ex) {
            log.info("Reconciliation of issuance {} deferred: {}", id, ex.getMessage());
            return JobResult.itemFailed(ex.getMessage());
        } catch (RuntimeException ex) {
            log.warn(
                    "Reconciliation of issuance {} failed: {}",
                    id,
                    ex.getClass().getSimpleName());
            return JobResult.itemFailed(ex.getClass().getSimpleName());
        }
    }
}
