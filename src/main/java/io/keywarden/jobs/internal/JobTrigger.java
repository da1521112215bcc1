package io.keywarden.jobs.internal;

/** What started a run of a job. */
public enum JobTrigger {
    /** This instance's schedule. */
    SCHEDULED,
    /** An operator, through {@code POST /admin/v1/jobs/{name}/runs} or the console. */
    MANUAL
}
