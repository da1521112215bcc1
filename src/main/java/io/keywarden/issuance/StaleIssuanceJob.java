package io.keywarden.issuance;

import io.keywarden.issuance.internal.IssuanceStore;
import io.keywarden.issuance.internal.OrphanReconciler;
import io.keywarden.jobs.JobResult;
import io.keywarden.jobs.ScheduledJob;
import io.keywarden.web.RequestContext;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Settles attempts whose outcome stayed unknown: a timeout nobody retried, or a crash between the
 * upstream's answer and the record. Any key such an attempt left upstream is revoked.
 */
@Component
public class StaleIssuanceJob extends ScheduledJob {

    private static final Logger log = LoggerFactory.getLogger(StaleIssuanceJob.class);
    private static final int BATCH = 100;

    private final IssuanceStore store;
    private final OrphanReconciler reconciler;

    StaleIssuanceJob(IssuanceStore store, OrphanReconciler reconciler) {
        super("issuance-reconciliation", Duration.ofMinutes(1));
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
