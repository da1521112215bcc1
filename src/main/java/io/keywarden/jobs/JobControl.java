package io.keywarden.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Keywarden's jobs as an operator's page shows them, and "run it now" under the same lock and
 * record as the HTTP API's: one run of a job is in progress at a time across instances.
 */
public interface JobControl {

    /** Every job, by name, with what it does, when it runs next and its latest runs (newest first, at most {@code runs}). */
    List<JobState> jobs(int runs);

    /**
     * Runs the job now and answers its run. Refused with {@link JobInProgressException} only while
     * a run of the job is in progress on some instance (the claim a scheduled run keeps on its
     * period does not refuse it); a name no job has is a {@link java.util.NoSuchElementException}.
     */
    Run runNow(String name);

    /**
     * A job as an operator sees it.
     *
     * @param description what one run does
     * @param interval the pause between its runs
     * @param nextRun when the schedule next runs it: this instance's next try where this instance
     *     schedules jobs; else a period after the last scheduled run recorded (on any instance)
     *     ended; {@code null} when neither is known. It may lie in the past when a run is due.
     * @param lastRuns its latest runs, newest first
     */
    record JobState(String name, String description, Duration interval, Instant nextRun, List<Run> lastRuns) {}

    /**
     * One recorded run.
     *
     * @param outcome RUNNING, SUCCEEDED, PARTIAL or FAILED
     * @param trigger SCHEDULED or MANUAL
     */
    record Run(
            long id,
            Instant startedAt,
            Instant endedAt,
            String outcome,
            String trigger,
            int examined,
            int changed,
            int failed,
            String lastError) {

        /** How long it ran, or {@code null} while it runs. */
        public Duration duration() {
            return endedAt == null ? null : Duration.between(startedAt, endedAt);
        }
    }
}
