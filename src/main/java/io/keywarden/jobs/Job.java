package io.keywarden.jobs;

import java.time.Duration;

/**
 * One of keywarden's own scheduled jobs. A job is a bean; the runner runs it under database locks
 * (so with several instances each run happens once) and records what it did. Most jobs extend
 * {@link ScheduledJob}, which holds the name, interval and description.
 */
public interface Job {

    /** The actor that keywarden's own jobs write into the audit log. */
    String ACTOR = "keywarden";

    /**
     * The job's name, also its path segment under {@code /admin/v1/jobs} and the name of its locks:
     * the claim scheduled runs take on a period, and with {@code :in-progress} the lock of a run in progress.
     */
    String name();

    /** How long after one run ends the next starts, unless {@code keywarden.jobs.intervals.<name>} says otherwise. */
    Duration defaultInterval();

    /** What one run does, in a sentence an operator reads beside the job's name. */
    String description();

    /** Does one run, always under the job's lock; throws only when the run as a whole failed. */
    JobResult run();
}
