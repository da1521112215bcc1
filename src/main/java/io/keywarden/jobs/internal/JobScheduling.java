package io.keywarden.jobs.internal;

import io.keywarden.jobs.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Schedules every {@link Job} bean with a fixed delay, each run through {@link JobRunner} and so
 * under its locks. Apart from the main class so slice tests start no jobs, and switchable
 * ({@code keywarden.scheduling.enabled=false}) so tests can drive the jobs themselves.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnBooleanProperty(name = "keywarden.scheduling.enabled", matchIfMissing = true)
class JobScheduling implements SchedulingConfigurer {

    private static final Duration FIRST_RUN_AFTER = Duration.ofSeconds(30);

    private final JobRunner runner;
    private final SchedulerHealthIndicator health;
    private final Instant started = Instant.now();
    private final Map<String, Instant> nextRuns = new ConcurrentHashMap<>();

    JobScheduling(JobRunner runner, SchedulerHealthIndicator health) {
        this.runner = runner;
        this.health = health;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        tasks().forEach(registrar::addFixedDelayTask);
    }

    /**
     * One task per job, as the scheduler runs it: each run under the job's lock, a period apart,
     * watched by the scheduler's liveness indicator.
     */
    List<FixedDelayTask> tasks() {
        return runner.jobs().stream()
                .map(job -> {
                    health.scheduled(job.name(), runner.intervalOf(job), runner.lockAtMostFor(job), firstRun());
                    return new FixedDelayTask(() -> runWatched(job), runner.intervalOf(job), FIRST_RUN_AFTER);
                })
                .toList();
    }

    private void runWatched(Job job) {
        Duration interval = runner.intervalOf(job);
        health.started(job.name());
        nextRuns.put(job.name(), Instant.now().plus(interval));
        try {
            runner.run(job, JobTrigger.SCHEDULED);
        } finally {
            nextRuns.put(job.name(), Instant.now().plus(interval));
            health.ended(job.name());
        }
    }

    /**
     * When this instance's schedule next tries the job: with a fixed delay, a period after its
     * last try ended (not before a period after it started, while it runs). Runs by hand and other
     * instances' runs do not move it.
     */
    Instant nextRun(Job job) {
        return nextRuns.getOrDefault(job.name(), firstRun());
    }

    /** When the first scheduled run of this instance starts. */
    Instant firstRun() {
        return started.plus(FIRST_RUN_AFTER);
    }
}
