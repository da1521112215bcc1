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
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.javacrumbs.shedlock.core.LockAssert;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Runs a job under its ShedLock lock (database time), whether the scheduler or an operator
 * triggered it, and records the run. A run that finds the lock taken does nothing: another
 * instance is running the job, or ran it too recently. A run that cannot even ask for the lock
 * (the database is away) is a failure, recorded and counted like any other, never a silent skip.
 */
@Component
public class JobRunner {

    static final String LOCK_FAILED = "could not take the job's lock";

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final Map<String, Job> jobs;
    private final LockingTaskExecutor locks;
    private final JobLocks settings;
    private final JobRuns runs;
    private final JobMetrics metrics;
    private final String instance = instanceName();

    JobRunner(List<Job> jobs, LockingTaskExecutor locks, JobLocks settings, JobRuns runs, JobMetrics metrics) {
        this.jobs = jobs.stream().collect(Collectors.toMap(Job::name, Function.identity(), (a, b) -> a, TreeMap::new));
        this.locks = locks;
        this.settings = settings;
        this.runs = runs;
        this.metrics = metrics;
    }

    public List<Job> jobs() {
        return List.copyOf(jobs.values());
    }

    public Optional<Job> job(String name) {
        return Optional.ofNullable(jobs.get(name));
    }

    Duration intervalOf(Job job) {
        return settings.intervalOf(job);
    }

    Duration lockAtMostFor(Job job) {
        return settings.lockAtMostFor(job);
    }

    /**
     * Runs the job if its lock is free; answers the run's report, or empty when it did not run
     * because the lock is held elsewhere, or when its failure could not even be recorded (then it
     * is logged and counted as {@code error}). It never throws: the scheduler calls it.
     */
    public Optional<JobRunReport> run(Job job, JobTrigger trigger) {
        long started = System.nanoTime();
        AtomicBoolean locked = new AtomicBoolean();
        try {
            var result = locks.executeWithLock(
                    () -> {
                        locked.set(true);
                        return runLocked(job, trigger);
                    },
                    settings.lockFor(job, trigger, Instant.now()));
            Optional<JobRunReport> report = result.wasExecuted() ? Optional.of(result.getResult()) : Optional.empty();
            metrics.ran(
                    job,
                    report.map(run -> run.outcome().name()).orElse(JobMetrics.SKIPPED),
                    System.nanoTime() - started);
            return report;
        } catch (Throwable ex) {
            if (!locked.get()) {
                return lockFailed(job, trigger, ex, started);
            }
            log.error(
                    "Job {} ran but could not record its run: {}",
                    job.name(),
                    ex.getClass().getSimpleName(),
                    ex);
            metrics.ran(job, JobMetrics.ERROR, System.nanoTime() - started);
            return Optional.empty();
        }
    }

    private Optional<JobRunReport> lockFailed(Job job, JobTrigger trigger, Throwable ex, long started) {
        String error = LOCK_FAILED + " (" + ex.getClass().getSimpleName() + ")";
        log.error("Job {} failed: {}", job.name(), error, ex);
        try {
            JobRunReport report = runs.failed(job.name(), trigger, instance, error);
            metrics.ran(job, report.outcome().name(), System.nanoTime() - started);
            return Optional.of(report);
        } catch (DataAccessException notRecorded) {
            log.error(
                    "Job {} could not record its failure either: {}",
                    job.name(),
                    notRecorded.getClass().getSimpleName());
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
