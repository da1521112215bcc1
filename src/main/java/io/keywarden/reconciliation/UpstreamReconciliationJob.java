package io.keywarden.reconciliation;

import io.keywarden.accesskey.internal.AccessKeyRepository;
import io.keywarden.issuance.StaleIssuanceJob;
import io.keywarden.jobs.Job;
import io.keywarden.jobs.JobResult;
import java.time.Duration;
import java.util.List;
import net.javacrumbs.shedlock.core.LockAssert;
import org.springframework.stereotype.Component;

/**
 * Keeps keywarden's records true to the upstream. It first settles stale intents (revoking the
 * orphans they left), then walks every managed user in batches, in user-name order, comparing
 * the user's keys upstream with keywarden's. Memory stays bounded by the batch, whatever the
 * number of users, and the upstream client's rate limit paces the walk.
 */
@Component
class UpstreamReconciliationJob implements Job {

    private static final int BATCH = 200;

    private final AccessKeyRepository keys;
    private final StaleIssuanceJob staleIssuances;
    private final UserReconciler users;

    UpstreamReconciliationJob(AccessKeyRepository keys, StaleIssuanceJob staleIssuances, UserReconciler users) {
        this.keys = keys;
        this.staleIssuances = staleIssuances;
        this.users = users;
    }

    @Override
    public String name() {
        return "upstream-reconciliation";
    }

    @Override
    public Duration defaultInterval() {
        return Duration.ofMinutes(15);
    }

    @Override
    public JobResult run() {
        LockAssert.assertLocked();
        JobResult total = staleIssuances.run();
        String after = "";
        while (true) {
            List<String> batch = keys.findManagedUsersAfter(after, BATCH);
            for (String user : batch) {
                total = total.plus(users.reconcile(user));
            }
            if (batch.size() < BATCH) {
                return total;
            }
            after = batch.get(batch.size() - 1);
        }
    }
}
