package io.keywarden.jobs;

import java.time.Duration;

/**
 * The skeleton every job shares: a name, a default interval and a description given once, and a run. The lock,
 * the record of the run, its metric and its failure handling are the runner's, so a job says
 * only what one run does. See docs/architecture.md#jobs.
 */
public abstract class ScheduledJob implements Job {

    private final String name;
    private final Duration defaultInterval;
    private final String description;

    protected ScheduledJob(String name, Duration defaultInterval, String description) {
        if (description == null || description.isBlank()) {
            throw new IllegalArgumentException("job " + name + " needs a description");
        }
        this.name = name;
        this.defaultInterval = defaultInterval;
        this.description = description;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Duration defaultInterval() {
        return defaultInterval;
    }

    @Override
    public final String description() {
        return description;
    }
}
