package io.keywarden.jobs.internal;

import io.keywarden.jobs.Job;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Schedules every {@link Job} bean with a fixed delay, each run through {@link JobRunner} and so
 * under its lock. Apart from the main class so slice tests start no jobs, and switchable
 * ({@code keywarden.scheduling.enabled=false}) so tests can drive the jobs themselves.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnBooleanProperty(name = "keywarden.scheduling.enabled", matchIfMissing = true)
class JobScheduling implements SchedulingConfigurer {

    private static final Duration FIRST_RUN_AFTER = Duration.ofSeconds(30);

    private final JobRunner runner;
    private final Instant started = Instant.now();

    JobScheduling(JobRunner runner) {
        this.runner = runner;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        for (Job job : runner.jobs()) {
            registrar.addFixedDelayTask(new org.springframework.scheduling.config.FixedDelayTask(
                    () -> runner.run(job, JobTrigger.SCHEDULED), runner.intervalOf(job), FIRST_RUN_AFTER));
        }
    }

    /** When the first scheduled run of this instance starts. */
    Instant firstRun() {
        return started.plus(FIRST_RUN_AFTER);
    }
}
