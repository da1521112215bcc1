package io.keywarden.jobs.internal;

/** How a recorded run of a job stands. */
public enum JobOutcome {
    /** Started and not yet recorded as ended. */
    RUNNING,
    /** Every item was handled. */
    SUCCEEDED,
    /** Some items failed; they are tried again on the next run. */
    PARTIAL,
    /** The run as a whole failed, or ended without recording how. */
    FAILED
}
