package io.keywarden.jobs;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A run by hand refused because a run of the same job, scheduled or by hand, is in progress on
 * some instance. It names that instance and since when it runs, and when to try again.
 */
public class JobInProgressException extends RuntimeException {

    private final String job;
    private final String instance;
    private final Instant since;
    private final Duration retryAfter;

    public JobInProgressException(String job, String instance, Instant since, Duration retryAfter) {
        super("Job " + job + " is running on " + instance + " since " + since.truncatedTo(ChronoUnit.SECONDS)
                + "; try again in about " + Math.max(1, retryAfter.toSeconds()) + " s, once that run has ended.");
        this.job = job;
        this.instance = instance;
        this.since = since;
        this.retryAfter = retryAfter;
    }

    public String job() {
        return job;
    }

    /** The instance running it, as it names itself in the job's history. */
    public String instance() {
        return instance;
    }

    /** When that run started, on the database's clock. */
    public Instant since() {
        return since;
    }

    /** How long that run is likely still to take: at least a second. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
