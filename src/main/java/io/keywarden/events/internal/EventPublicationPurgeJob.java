package io.keywarden.events.internal;

import io.keywarden.events.EventsProperties;
import io.keywarden.jobs.JobResult;
import io.keywarden.jobs.ScheduledJob;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Deletes the registry's records of events every listener handled longer ago than
 * {@code keywarden.events.completed-retention}: the registry keeps a row per event and listener,
 * and without this it grows with every change of every key. An event not yet handled by some
 * listener (its row has no completion date) is never deleted. At most {@value #PER_RUN} rows a run,
 * oldest first, so a long backlog is worked off over several runs without one long statement.
 */
@Component
class EventPublicationPurgeJob extends ScheduledJob {

    static final int PER_RUN = 10_000;

    private final JdbcTemplate jdbc;
    private final Duration retention;
    private final Clock clock;

    EventPublicationPurgeJob(JdbcTemplate jdbc, EventsProperties properties, Clock clock) {
        super(
                "event-purge",
                Duration.ofHours(1),
                "Deletes the records of domain events that every listener handled longer ago than the"
                        + " retention; events still waiting for a listener are kept.");
        this.jdbc = jdbc;
        this.retention = properties.completedRetention();
        this.clock = clock;
    }

    @Override
    public JobResult run() {
        int purged = jdbc.update("""
                DELETE FROM event_publication WHERE id IN (
                    SELECT id FROM event_publication
                    WHERE completion_date IS NOT NULL AND completion_date < ?
                    ORDER BY completion_date
                    LIMIT ?)
                """, Timestamp.from(clock.instant().minus(retention)), PER_RUN);
        return new JobResult(purged, purged, 0, null);
    }
}
