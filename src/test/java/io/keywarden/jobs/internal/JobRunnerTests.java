package io.keywarden.jobs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariDataSource;
import io.keywarden.jobs.Job;
import io.keywarden.jobs.JobControl;
import io.keywarden.jobs.JobInProgressException;
import io.keywarden.jobs.JobResult;
import io.keywarden.jobs.ScheduledJob;
import io.keywarden.support.DatabaseOutage;
import io.keywarden.support.ModuleTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * The jobs module on its own, on the real database: runs under ShedLock's locks as several
 * instances would take them (each runner here is one instance: its own name and lock provider on
 * the one database), the run history, and what a lock that cannot be had or a database that is
 * gone make of a run. The jobs are the test's own; the application's jobs and the HTTP API are
 * the full application's tests ({@code JobsTests}).
 */
@ModuleTest
// The outage test waits for each refused connection only half a second.
@TestPropertySource(properties = "spring.datasource.hikari.connection-timeout=500")
class JobRunnerTests {

    private final JobRunner application;
    private final JobControl control;
    private final JobRuns runs;
    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final HikariDataSource pool;
    private final CountedJob counted;

    JobRunnerTests(
            JobRunner application,
            JobControl control,
            JobRuns runs,
            DataSource dataSource,
            JdbcTemplate jdbc,
            HikariDataSource pool,
            CountedJob counted) {
        this.application = application;
        this.control = control;
        this.runs = runs;
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.pool = pool;
        this.counted = counted;
    }

    @Test
    void theApplicationsRunnerRunsTheJobBeansItFindsAndControlListsTheirRunsNewestFirst() {
        int before = counted.runs.get();

        JobControl.Run first = control.runNow(CountedJob.NAME);
        JobControl.Run second = control.runNow(CountedJob.NAME);

        assertThat(application.jobs()).extracting(Job::name).containsExactly(CountedJob.NAME);
        assertThat(counted.runs).hasValue(before + 2);
        assertThat(second.id()).isGreaterThan(first.id());
        assertThat(second.trigger()).isEqualTo("MANUAL");
        assertThat(second.outcome()).isEqualTo("SUCCEEDED");
        assertThat(second.examined()).isEqualTo(1);
        assertThat(second.duration()).isGreaterThanOrEqualTo(Duration.ZERO);
        JobControl.JobState state = control.jobs(2).get(0);
        assertThat(state.name()).isEqualTo(CountedJob.NAME);
        assertThat(state.interval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(state.lastRuns()).extracting(JobControl.Run::id).containsExactly(second.id(), first.id());
    }

    @Test
    void aRunByHandOfANameNoJobHasIsRefused() {
        assertThatExceptionOfType(NoSuchElementException.class)
                .isThrownBy(() -> control.runNow("no-such-job"))
                .withMessage("There is no job named no-such-job.");
    }

    @Test
    void twoSchedulerInstancesOnOneDatabaseRunAJobExactlyOnce() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger executions = new AtomicInteger();
        Job slow = new TestJob("test-two-instances", () -> {
            executions.incrementAndGet();
            started.countDown();
            await(release);
        });
        JobRunner first = instance(slow);
        JobRunner second = instance(slow);

        CompletableFuture<Optional<JobRunReport>> a =
                CompletableFuture.supplyAsync(() -> first.run(slow, JobTrigger.SCHEDULED));
        Optional<JobRunReport> b;
        try {
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            b = second.run(slow, JobTrigger.SCHEDULED);
        } finally {
            release.countDown();
        }

        assertThat(a.get(10, TimeUnit.SECONDS)).isPresent();
        assertThat(b).isEmpty();
        assertThat(executions).hasValue(1);
        assertThat(runs.countRuns("test-two-instances")).isEqualTo(1);
    }

    @Test
    void aScheduledRunHoldsItsLockForHalfAnIntervalSoTheOtherInstanceSkipsThatPeriod() {
        AtomicInteger executions = new AtomicInteger();
        Job quick = new TestJob("test-period", executions::incrementAndGet);

        Optional<JobRunReport> firstInstance = instance(quick).run(quick, JobTrigger.SCHEDULED);
        Optional<JobRunReport> secondInstance = instance(quick).run(quick, JobTrigger.SCHEDULED);

        assertThat(firstInstance).isPresent();
        assertThat(secondInstance).isEmpty();
        assertThat(executions).hasValue(1);
    }

    @Test
    void aRunThatCannotTakeItsLockIsARecordedAndCountedFailureNotASkip() {
        AtomicInteger executions = new AtomicInteger();
        Job job = new TestJob("test-lock-fails", executions::incrementAndGet);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LockProvider failing = lock -> {
            throw new CannotGetJdbcConnectionException("the shedlock table is out of reach");
        };
        JobRunner instance = instance(job, new DefaultLockingTaskExecutor(failing), registry);

        Optional<JobRunReport> answered = instance.run(job, JobTrigger.SCHEDULED);

        assertThat(answered).isPresent();
        JobRunReport recorded = runs.last("test-lock-fails").orElseThrow();
        assertThat(executions).hasValue(0);
        assertThat(recorded.outcome()).isEqualTo(JobOutcome.FAILED);
        assertThat(recorded.trigger()).isEqualTo(JobTrigger.SCHEDULED);
        assertThat(recorded.lastError()).isEqualTo("could not take the job's lock (CannotGetJdbcConnectionException)");
        assertThat(runsCounted(registry, "test-lock-fails", "failed")).isEqualTo(1);
        assertThat(runsCounted(registry, "test-lock-fails", "skipped")).isZero();
    }

    @Test
    void withTheDatabaseDownAScheduledRunIsLoggedAndCountedAsAnErrorNotASkip() {
        AtomicInteger executions = new AtomicInteger();
        Job job = new TestJob("test-database-down", executions::incrementAndGet);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        JobRunner instance = instance(job, lockingOn(dataSource), registry);
        DatabaseOutage outage = new DatabaseOutage(pool);
        outage.begin();
        // An idle connection the outage ended would fail ShedLock's statement, which it reads as
        // "held elsewhere" (a skip); with none left, asking for the lock fails as a down database does.
        pool.getHikariPoolMXBean().softEvictConnections();
        try {
            assertThat(instance.run(job, JobTrigger.SCHEDULED)).isEmpty();
        } finally {
            outage.end();
        }

        assertThat(executions).hasValue(0);
        assertThat(runsCounted(registry, "test-database-down", "error")).isEqualTo(1);
        assertThat(runsCounted(registry, "test-database-down", "skipped")).isZero();
        assertThat(runs.countRuns("test-database-down")).isZero();
    }

    @Test
    void aFailingJobIsRecordedFailedWithItsError() {
        Job broken = new TestJob("test-broken", () -> {
            throw new IllegalStateException("boom");
        });

        JobRunReport report = instance(broken).run(broken, JobTrigger.MANUAL).orElseThrow();

        assertThat(report.outcome()).isEqualTo(JobOutcome.FAILED);
        assertThat(report.lastError()).isEqualTo("IllegalStateException");
        assertThat(report.endedAt()).isAfterOrEqualTo(report.startedAt());
    }

    @Test
    void aRunByHandInProgressKeepsAScheduledRunOnAnotherInstanceFromStartingAndNamesItself() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger executions = new AtomicInteger();
        Job blocking = new TestJob("test-by-hand-first", () -> {
            executions.incrementAndGet();
            started.countDown();
            await(release);
        });
        JobInstance firstName = new JobInstance("keywarden-1/3f9a2c1d");
        JobRunner first = instance(blocking, firstName);
        JobRunner second = instance(blocking);
        Instant before = databaseNow();

        CompletableFuture<JobRunReport> byHand = CompletableFuture.supplyAsync(() -> first.runNow(blocking));
        JobInProgressException refused;
        try {
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(second.run(blocking, JobTrigger.SCHEDULED)).isEmpty();
            refused = catchThrowableOfType(JobInProgressException.class, () -> second.runNow(blocking));
        } finally {
            release.countDown();
        }

        JobRunReport ran = byHand.get(10, TimeUnit.SECONDS);
        assertThat(ran.trigger()).isEqualTo(JobTrigger.MANUAL);
        assertThat(executions).hasValue(1);
        assertThat(runs.countRuns("test-by-hand-first")).isEqualTo(1);
        assertThat(refused.instance()).isEqualTo(firstName.name()).isEqualTo(ran.instance());
        assertThat(refused.since()).isBetween(before, ran.startedAt());
        assertThat(refused.retryAfter()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(refused.getMessage()).contains("test-by-hand-first", firstName.name());
    }

    @Test
    void aScheduledRunInProgressRefusesARunByHandElsewhereWhichRunsAsSoonAsItEnds() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger executions = new AtomicInteger();
        Job blocking = new TestJob("test-scheduled-first", () -> {
            executions.incrementAndGet();
            started.countDown();
            await(release);
        });
        JobInstance firstName = new JobInstance("keywarden-1/7c0e4b2a");
        JobRunner first = instance(blocking, firstName);
        JobRunner second = instance(blocking);
        Instant before = databaseNow();

        CompletableFuture<Optional<JobRunReport>> scheduled =
                CompletableFuture.supplyAsync(() -> first.run(blocking, JobTrigger.SCHEDULED));
        JobInProgressException refused;
        try {
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            refused = catchThrowableOfType(JobInProgressException.class, () -> second.runNow(blocking));
        } finally {
            release.countDown();
        }
        JobRunReport scheduledRun = scheduled.get(10, TimeUnit.SECONDS).orElseThrow();

        assertThat(refused.instance()).isEqualTo(firstName.name());
        assertThat(refused.since()).isBetween(before, scheduledRun.startedAt());
        // The scheduled run ended; its claim on the period stands, and does not refuse a run by hand.
        JobRunReport byHand = second.runNow(blocking);
        assertThat(byHand.trigger()).isEqualTo(JobTrigger.MANUAL);
        assertThat(byHand.outcome()).isEqualTo(JobOutcome.SUCCEEDED);
        assertThat(executions).hasValue(2);
        // Nor did the run by hand free the period: neither instance's schedule runs it again in it.
        assertThat(second.run(blocking, JobTrigger.SCHEDULED)).isEmpty();
        assertThat(first.run(blocking, JobTrigger.SCHEDULED)).isEmpty();
        assertThat(executions).hasValue(2);
    }

    @Test
    void aRunLeftInProgressByACrashedInstanceRefusesUntilItsLockExpiresAndIsThenClosedAsInterrupted() {
        AtomicInteger executions = new AtomicInteger();
        Job job = new TestJob("test-crashed-holder", executions::incrementAndGet);
        String crashed = "keywarden-3/0d15ea5e";
        long orphan = runs.open(job.name(), JobTrigger.SCHEDULED, crashed);
        jdbc.update(
                "INSERT INTO shedlock (name, lock_until, locked_at, locked_by) VALUES (?,"
                        + " timezone('utc', now()) + interval '1 minute', timezone('utc', now()), ?)",
                JobLocks.inProgressLockOf(job.name()),
                crashed);
        JobRunner survivor = instance(job);

        JobInProgressException refused = catchThrowableOfType(JobInProgressException.class, () -> survivor.runNow(job));
        Optional<JobRunReport> scheduledMeanwhile = survivor.run(job, JobTrigger.SCHEDULED);
        // Its lock-at-most-for passes.
        jdbc.update(
                "UPDATE shedlock SET lock_until = timezone('utc', now()) WHERE name = ?",
                JobLocks.inProgressLockOf(job.name()));
        JobRunReport byHand = survivor.runNow(job);

        assertThat(refused.instance()).isEqualTo(crashed);
        assertThat(scheduledMeanwhile).isEmpty();
        assertThat(byHand.outcome()).isEqualTo(JobOutcome.SUCCEEDED);
        assertThat(executions).hasValue(1);
        assertThat(runs.recent(job.name(), 5))
                .filteredOn(run -> run.id() == orphan)
                .singleElement()
                .satisfies(run -> {
                    assertThat(run.outcome()).isEqualTo(JobOutcome.FAILED);
                    assertThat(run.lastError()).isEqualTo(JobRuns.INTERRUPTED);
                });
    }

    /** Another keywarden instance's runner: its own name and lock provider on the same database. */
    private JobRunner instance(Job job) {
        return instance(
                job, new JobInstance("test-" + UUID.randomUUID().toString().substring(0, 8)));
    }

    private JobRunner instance(Job job, JobInstance name) {
        return instance(
                job, new DefaultLockingTaskExecutor(JobLockConfiguration.lockProviderOn(dataSource, name)), name);
    }

    private JobRunner instance(Job job, LockingTaskExecutor locks, MeterRegistry registry) {
        return instance(job, locks, registry, new JobInstance("test-instance"));
    }

    private JobRunner instance(Job job, LockingTaskExecutor locks, JobInstance name) {
        return instance(job, locks, new SimpleMeterRegistry(), name);
    }

    private JobRunner instance(Job job, LockingTaskExecutor locks, MeterRegistry registry, JobInstance name) {
        JobProperties properties = new JobProperties(Map.of(job.name(), Duration.ofSeconds(20)), Duration.ofMinutes(1));
        return new JobRunner(
                List.of(job),
                locks,
                new JobLocks(List.of(job), properties),
                runs,
                new RunsInProgress(jdbc),
                new JobMetrics(registry),
                name);
    }

    private static LockingTaskExecutor lockingOn(DataSource dataSource) {
        return new DefaultLockingTaskExecutor(JobLockConfiguration.lockProviderOn(dataSource, new JobInstance("test")));
    }

    private static double runsCounted(MeterRegistry registry, String job, String outcome) {
        Timer timer = registry.find("keywarden.jobs.runs")
                .tag("job", job)
                .tag("outcome", outcome)
                .timer();
        return timer == null ? 0 : timer.count();
    }

    private Instant databaseNow() {
        return jdbc.queryForObject("SELECT now()", Timestamp.class).toInstant();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private record TestJob(String name, Runnable work) implements Job {

        @Override
        public Duration defaultInterval() {
            return Duration.ofSeconds(20);
        }

        @Override
        public String description() {
            return "Does the test's work.";
        }

        @Override
        public JobResult run() {
            net.javacrumbs.shedlock.core.LockAssert.assertLocked();
            work.run();
            return new JobResult(1, 0, 0, null);
        }
    }

    /** The one job the module finds here, as it finds the application's: a bean. */
    static final class CountedJob extends ScheduledJob {

        static final String NAME = "test-counted";

        final AtomicInteger runs = new AtomicInteger();

        CountedJob() {
            super(NAME, Duration.ofMinutes(5), "Counts its runs.");
        }

        @Override
        public JobResult run() {
            runs.incrementAndGet();
            return JobResult.itemUnchanged();
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Jobs {

        @Bean
        CountedJob countedJob() {
            return new CountedJob();
        }
    }
}
