package io.keywarden.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
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

    static final String SCHEDULED = "SCHEDULED";
    private static final Duration FIRST_RUN_AFTER = Duration.ofSeconds(30);

    private final JobRunner runner;
    private final Instant started = Instant.now();

    JobScheduling(JobRunner runner) {
        this.runner = runner;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        tasks().forEach(registrar::addFixedDelayTask);
    }

    /** One task per job, as the scheduler runs it: each run under the job's lock, a period apart. */
    List<FixedDelayTask> tasks() {
        return runner.jobs().stream()
                .map(job ->
                        new FixedDelayTask(() -> runner.run(job, SCHEDULED), runner.intervalOf(job), FIRST_RUN_AFTER))
                .toList();
    }

    /** When the first scheduled run of this instance starts. */
    Instant firstRun() {
        return started.plus(FIRST_RUN_AFTER);
    }
}
