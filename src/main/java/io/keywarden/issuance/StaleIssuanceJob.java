package io.keywarden.issuance;

import io.keywarden.issuance.internal.IssuanceStore;
import io.keywarden.issuance.internal.OrphanReconciler;
import io.keywarden.jobs.Job;
import io.keywarden.jobs.JobResult;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import net.javacrumbs.shedlock.core.LockAssert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Settles attempts whose outcome stayed unknown: a timeout nobody retried, or a crash between the
 * upstream's answer and the record. Any key such an attempt left upstream is revoked.
 */
@Component
public class StaleIssuanceJob implements Job {

    static final String ACTOR = "keywarden";
    private static final Logger log = LoggerFactory.getLogger(StaleIssuanceJob.class);
    private static final int BATCH = 100;

    private final IssuanceStore store;
    private final OrphanReconciler reconciler;

    StaleIssuanceJob(IssuanceStore store, OrphanReconciler reconciler) {
        this.store = store;
        this.reconciler = reconciler;
    }

    @Override
    public String name() {
        return "issuance-reconciliation";
    }

    @Override
    public Duration defaultInterval() {
        return Duration.ofMinutes(1);
    }

    @Override
    public JobResult run() {
        LockAssert.assertLocked();
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
            return new JobResult(1, 0, 0, null);
        }
        try {
            reconciler.reconcile(claimed.get(), ACTOR);
            return new JobResult(1, 1, 0, null);
        } catch (ReconciliationDeferredException ex) {
            log.info("Reconciliation of issuance {} deferred: {}", id, ex.getMessage());
            return new JobResult(1, 0, 1, ex.getMessage());
        } catch (RuntimeException ex) {
            log.warn(
                    "Reconciliation of issuance {} failed: {}",
                    id,
                    ex.getClass().getSimpleName());
            return new JobResult(1, 0, 1, ex.getClass().getSimpleName());
        }
    }
}
