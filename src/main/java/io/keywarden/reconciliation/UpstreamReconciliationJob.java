package io.keywarden.reconciliation;

import io.keywarden.accesskey.AccessKeyQueries;
import io.keywarden.issuance.StaleIssuanceJob;
import io.keywarden.jobs.JobBatches;
import io.keywarden.jobs.JobResult;
import io.keywarden.jobs.ScheduledJob;
import java.time.Duration;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * Keeps keywarden's records true to the upstream. It first settles stale intents (revoking the
 * orphans they left), then walks every managed user in batches, in user-name order, comparing
 * the user's keys upstream with keywarden's. Memory stays bounded by the batch, whatever the
 * number of users, and the upstream client's rate limit paces the walk.
 */
@Component
class UpstreamReconciliationJob extends ScheduledJob {

    private static final int BATCH = 200;

    private final AccessKeyQueries keys;
    private final StaleIssuanceJob staleIssuances;
    private final UserReconciler users;

    UpstreamReconciliationJob(AccessKeyQueries keys, StaleIssuanceJob staleIssuances, UserReconciler users) {
        super(
                "upstream-reconciliation",
                Duration.ofMinutes(15),
                "Settles unfinished creates, then compares every managed user's keys upstream with keywarden's"
                        + " records: a key changed by hand upstream is recorded so, one keywarden never issued reported.");
        this.keys = keys;
        this.staleIssuances = staleIssuances;
        this.users = users;
    }

    @Override
    public JobResult run() {
        return staleIssuances
                .run()
                .plus(JobBatches.walk(
                        "", BATCH, Integer.MAX_VALUE, keys::managedUsersAfter, Function.identity(), users::reconcile));
    }
}
