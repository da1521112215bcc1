package io.keywarden.jobs;

import io.keywarden.jobs.internal.JobRunner;
import java.time.Duration;

/**
 * One of keywarden's own scheduled jobs. A job is a bean; {@link JobRunner} runs it under a
 * database lock (so with several instances each run happens once) and records what it did.
 */
public interface Job {

    /** The job's name, also its lock's name and its path segment under {@code /admin/v1/jobs}. */
    String name();

    /** How long after one run ends the next starts, unless {@code keywarden.jobs.intervals.<name>} says otherwise. */
    Duration defaultInterval();

    /** Does one run; throws only when the run as a whole failed. */
    JobResult run();
}
