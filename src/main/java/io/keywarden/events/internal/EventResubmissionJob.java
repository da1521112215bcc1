package io.keywarden.events.internal;

import io.keywarden.events.EventsProperties;
import io.keywarden.jobs.JobResult;
import io.keywarden.jobs.ScheduledJob;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.stereotype.Component;

/**
 * Hands an event that has waited longer than {@code keywarden.events.resubmit-after} for one of its
 * listeners to that listener again. The registry keeps an event until each listener has handled
 * it; this job is what makes "keeps" mean "delivers": after a listener failed (the database
 * refused the outbox's insert, a Kafka send timed out) or the process was killed between the
 * change's commit and the listener's run, the event is handled at the next run, on whichever
 * instance runs it, without waiting for a restart. The listeners are idempotent (the outbox keeps
 * the first copy of a delivery; Kafka's consumers see at least once), so an event resubmitted while
 * a slow first run was still going is harmless.
 */
@Component
class EventResubmissionJob extends ScheduledJob {

    /** The most events counted (and so reported) a run; the registry resubmits them all. */
    static final int COUNTED = 10_000;

    private final IncompleteEventPublications incomplete;
    private final JdbcTemplate jdbc;
    private final Duration resubmitAfter;
    private final Clock clock;

    EventResubmissionJob(
            IncompleteEventPublications incomplete, JdbcTemplate jdbc, EventsProperties properties, Clock clock) {
        super(
                "event-resubmit",
                Duration.ofMinutes(1),
                "Hands domain events that have waited longer than a minute for a listener (the webhook"
                        + " outbox, Kafka) to that listener again, after a failure or a crash.");
        this.incomplete = incomplete;
        this.jdbc = jdbc;
        this.resubmitAfter = properties.resubmitAfter();
        this.clock = clock;
    }

    @Override
    public JobResult run() {
        Instant before = clock.instant().minus(resubmitAfter);
        Integer waiting = jdbc.queryForObject("""
                SELECT count(*) FROM (
                    SELECT 1 FROM event_publication
                    WHERE completion_date IS NULL AND publication_date < ?
                    LIMIT ?) waiting
                """, Integer.class, Timestamp.from(before), COUNTED);
        if (waiting == null || waiting == 0) {
            return new JobResult(0, 0, 0, null);
        }
        // The listeners run on their own threads: the events are handed over, not yet handled.
        incomplete.resubmitIncompletePublicationsOlderThan(resubmitAfter);
        return new JobResult(waiting, waiting, 0, null);
    }
}
