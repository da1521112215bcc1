package io.keywarden.jobs;

import java.time.Duration;

/**
 * The skeleton every job shares: a name and a default interval given once, and a run. The lock,
 * the record of the run, its metric and its failure handling are the runner's, so a job says
 * only what one run does. See docs/architecture.md#jobs.
 */
public abstract class ScheduledJob implements Job {

    private final String name;
    private final Duration defaultInterval;

    protected ScheduledJob(String name, Duration defaultInterval) {
        this.name = name;
        this.defaultInterval = defaultInterval;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Duration defaultInterval() {
        return defaultInterval;
    }
}
