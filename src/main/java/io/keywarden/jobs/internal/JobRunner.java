package io.keywarden.jobs.internal;

import io.keywarden.jobs.Job;
import io.keywarden.jobs.JobResult;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.javacrumbs.shedlock.core.LockAssert;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs a job under its ShedLock lock (database time), whether the scheduler or an operator
 * triggered it, and records the run. A run that finds the lock taken does nothing: another
 * instance is running the job, or ran it too recently.
 */
@Component
public class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final Map<String, Job> jobs;
    private final LockingTaskExecutor locks;
    private final JobRuns runs;
    private final JobProperties properties;
    private final JobMetrics metrics;
    private final String instance = instanceName();

    JobRunner(List<Job> jobs, LockingTaskExecutor locks, JobRuns runs, JobProperties properties, JobMetrics metrics) {
        this.jobs = jobs.stream()
                .collect(Collectors.toMap(Job::name, Function.identity(), (a, b) -> a, java.util.TreeMap::new));
        this.locks = locks;
        this.runs = runs;
        this.properties = properties;
        this.metrics = metrics;
    }

    public List<Job> jobs() {
        return List.copyOf(jobs.values());
    }

    public Optional<Job> job(String name) {
        return Optional.ofNullable(jobs.get(name));
    }

    Duration intervalOf(Job job) {
        return properties.intervalOf(job);
    }

    /**
     * Runs the job if its lock is free; answers the run's report, or empty when it did not run.
     * A scheduled run keeps the lock for half an interval, so instances whose schedules are a
     * little apart do not each run the job in the same period.
     */
    public Optional<JobRunReport> run(Job job, JobTrigger trigger) {
        Duration atLeast = trigger == JobTrigger.SCHEDULED ? intervalOf(job).dividedBy(2) : Duration.ZERO;
        LockConfiguration lock = new LockConfiguration(Instant.now(), job.name(), properties.lockAtMostFor(), atLeast);
        long started = System.nanoTime();
        try {
            var result = locks.executeWithLock(() -> runLocked(job, trigger), lock);
            Optional<JobRunReport> report = result.wasExecuted() ? Optional.of(result.getResult()) : Optional.empty();
            metrics.ran(
                    job,
                    report.map(run -> run.outcome().name()).orElse(JobMetrics.SKIPPED),
                    System.nanoTime() - started);
            return report;
        } catch (Throwable ex) {
            log.error("Job {} could not run: {}", job.name(), ex.getClass().getSimpleName(), ex);
            metrics.ran(job, JobMetrics.ERROR, System.nanoTime() - started);
            return Optional.empty();
        }
    }

    private JobRunReport runLocked(Job job, JobTrigger trigger) {
        LockAssert.assertLocked();
        long id = runs.open(job.name(), trigger, instance);
        try {
            JobResult result = job.run();
            JobOutcome outcome = result.failed() == 0 ? JobOutcome.SUCCEEDED : JobOutcome.PARTIAL;
            log.info(
                    "Job {} {}: examined={} changed={} failed={}",
                    job.name(),
                    outcome,
                    result.examined(),
                    result.changed(),
                    result.failed());
            return runs.close(id, outcome, result);
        } catch (RuntimeException ex) {
            log.error("Job {} failed ({})", job.name(), ex.getClass().getSimpleName(), ex);
            return runs.close(
                    id, JobOutcome.FAILED, new JobResult(0, 0, 1, ex.getClass().getSimpleName()));
        }
    }

    private static String instanceName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException ex) {
            host = "unknown-host";
        }
        return host + "/" + UUID.randomUUID().toString().substring(0, 8);
    }
}
