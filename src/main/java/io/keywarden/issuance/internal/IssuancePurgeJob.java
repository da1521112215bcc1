package io.keywarden.issuance.internal;

import io.keywarden.jobs.JobResult;
import io.keywarden.jobs.ScheduledJob;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** Deletes settled issuances past their retention: their encrypted replays are gone for good. */
@Component
class IssuancePurgeJob extends ScheduledJob {

    private final IssuanceStore store;

    IssuancePurgeJob(IssuanceStore store) {
        super("issuance-purge", Duration.ofMinutes(10));
        this.store = store;
    }

    @Override
    public JobResult run() {
        int purged = store.purgeExpired();
        return new JobResult(purged, purged, 0, null);
    }
}
