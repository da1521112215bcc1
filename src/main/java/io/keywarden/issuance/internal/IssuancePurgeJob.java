package io.keywarden.issuance.internal;

import io.keywarden.jobs.JobResult;
import io.keywarden.jobs.ScheduledJob;
import java.time.Duration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Deletes settled issuances past their retention: their encrypted replays are gone for good. */
@Component
class IssuancePurgeJob extends ScheduledJob {

    private final JdbcTemplate jdbc;

    IssuancePurgeJob(JdbcTemplate jdbc) {
        super(
                "issuance-purge",
                Duration.ofMinutes(10),
                "Deletes the records of settled creates past their retention, and with them their encrypted replays.");
        this.jdbc = jdbc;
    }

    @Override
    public JobResult run() {
        int purged = jdbc.update(
                "DELETE FROM issuance WHERE state IN (?, ?, ?) AND expires_at < now()",
                IssuanceState.SUCCEEDED.name(),
                IssuanceState.FAILED.name(),
                IssuanceState.ABANDONED.name());
        return new JobResult(purged, purged, 0, null);
    }
}
