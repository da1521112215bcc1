package io.keywarden.issuance.internal;

import io.keywarden.jobs.Job;
import io.keywarden.jobs.JobResult;
import java.time.Duration;
import net.javacrumbs.shedlock.core.LockAssert;
import org.springframework.stereotype.Component;

/** Deletes settled issuances past their retention: their encrypted replays are gone for good. */
@Component
public class IssuancePurgeJob implements Job {

    private final IssuanceStore store;

    IssuancePurgeJob(IssuanceStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return "issuance-purge";
    }

    @Override
    public Duration defaultInterval() {
        return Duration.ofMinutes(10);
    }

    @Override
    public JobResult run() {
        LockAssert.assertLocked();
        int purged = store.purgeExpired();
        return new JobResult(purged, purged, 0, null);
    }
}
