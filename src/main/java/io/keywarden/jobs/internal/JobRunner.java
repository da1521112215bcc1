package io.keywarden.jobs.internal;

import io.keywarden.jobs.Job;
import io.keywarden.jobs.JobInProgressException;
import io.keywarden.jobs.JobResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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
 * Runs a job under ShedLock locks (database time), whether the scheduler or an operator triggered
 * it, and records the run. Every run holds the job's in-progress lock while it runs; a scheduled
 * run first takes the claim on its period (see {@link JobLocks}). A run that finds either taken
 * does nothing: another run is in progress, or a scheduled run claimed the job's period. A run by
 * hand refused so names the run in progress. A run that cannot even ask for a lock (the database
 * is away) is a failure, recorded and counted like any other, never a silent skip.
 */
@Component
public class JobRunner {

    static final String LOCK_FAILED = "could not take the job's lock";

    /** How often a run by hand is tried when the run that refused it had ended before it could be named. */
    private static final int RUN_NOW_ATTEMPTS = 3;

    private static final Duration SHORTEST_RETRY_AFTER = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final Map<String, Job> jobs;
    private final LockingTaskExecutor locks;
    private final JobLocks settings;
    private final JobRuns runs;
    private final RunsInProgress inProgress;
    private final JobMetrics metrics;
    private final String instance;

    JobRunner(
            List<Job> jobs,
            LockingTaskExecutor locks,
            JobLocks settings,
            JobRuns runs,
            RunsInProgress inProgress,
            JobMetrics metrics,
            JobInstance instance) {
        this.jobs = jobs.stream().collect(Collectors.toMap(Job::name, Function.identity(), (a, b) -> a, TreeMap::new));
        this.locks = locks;
        this.settings = settings;
        this.runs = runs;
        this.inProgress = inProgress;
        this.metrics = metrics;
        this.instance = instance.name();
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
     * Runs the job if its locks are free; answers the run's report, or empty when it did not run
     * because a lock is held, or when its failure could not even be recorded (then it is logged and
     * counted as {@code error}). It never throws: the scheduler calls it.
     */
    public Optional<JobRunReport> run(Job job, JobTrigger trigger) {
        return Optional.ofNullable(attempt(job, trigger).report());
    }

    /**
     * Runs the job by hand now, unless a run of it is in progress on some instance: then throws
     * {@link JobInProgressException} naming that instance and since when it runs.
     */
    JobRunReport runNow(Job job) {
        for (int attempt = 1; ; attempt++) {
            Attempt tried = attempt(job, JobTrigger.MANUAL);
            if (tried.report() != null) {
                return tried.report();
            }
            if (!tried.refused()) {
                throw new IllegalStateException("Job " + job.name() + " ran, but its run could not be recorded");
            }
            Optional<RunsInProgress.Holder> holder = inProgress.of(job.name());
            if (holder.isPresent()) {
                throw refusal(job, holder.get());
            }
            if (attempt == RUN_NOW_ATTEMPTS) {
                throw new IllegalStateException("Job " + job.name() + " was refused " + attempt
                        + " times by runs that had ended when asked for");
            }
        }
    }

    private Attempt attempt(Job job, JobTrigger trigger) {
        long started = System.nanoTime();
        AtomicBoolean locked = new AtomicBoolean();
        LockingTaskExecutor.TaskWithResult<JobRunReport> whileInProgress = () -> {
            var run = locks.executeWithLock(
                    () -> {
                        locked.set(true);
                        return runLocked(job, trigger);
                    },
                    settings.inProgressFor(job, Instant.now()));
            return run.wasExecuted() ? run.getResult() : null;
        };
        try {
            JobRunReport report;
            if (trigger == JobTrigger.SCHEDULED) {
                var claimed = locks.executeWithLock(whileInProgress, settings.claimFor(job, Instant.now()));
                report = claimed.wasExecuted() ? claimed.getResult() : null;
            } else {
                report = whileInProgress.call();
            }
            metrics.ran(
                    job, report == null ? JobMetrics.SKIPPED : report.outcome().name(), System.nanoTime() - started);
            return new Attempt(report, report == null);
        } catch (Throwable ex) {
            if (!locked.get()) {
                return new Attempt(lockFailed(job, trigger, ex, started).orElse(null), false);
            }
            log.error(
                    "Job {} ran but could not record its run: {}",
                    job.name(),
                    ex.getClass().getSimpleName(),
                    ex);
            metrics.ran(job, JobMetrics.ERROR, System.nanoTime() - started);
            return new Attempt(null, false);
        }
    }

    /**
     * Refuses a run by hand, with when to try again: when the run in progress should end, judged
     * by how long the job's latest run took, and at the latest when its lock frees itself.
     */
    private JobInProgressException refusal(Job job, RunsInProgress.Holder holder) {
        Duration wait = runs.lastDuration(job.name())
                .map(usual -> usual.minus(holder.elapsed()))
                .orElse(SHORTEST_RETRY_AFTER);
        if (wait.compareTo(holder.remaining()) > 0) {
            wait = holder.remaining();
        }
        if (wait.compareTo(SHORTEST_RETRY_AFTER) < 0) {
            wait = SHORTEST_RETRY_AFTER;
        }
        return new JobInProgressException(job.name(), holder.instance(), holder.since(), wait);
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

    /** What came of one try: the run's report, or none, and then whether a held lock refused it. */
    private record Attempt(JobRunReport report, boolean refused) {}
}
