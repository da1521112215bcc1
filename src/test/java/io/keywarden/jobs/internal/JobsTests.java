package io.keywarden.jobs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import com.zaxxer.hikari.HikariDataSource;
import io.keywarden.jobs.Job;
import io.keywarden.jobs.JobInProgressException;
import io.keywarden.jobs.JobResult;
import io.keywarden.support.Api;
import io.keywarden.support.DatabaseOutage;
import io.keywarden.support.KeywardenTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.config.FixedDelayTask;
import tools.jackson.databind.JsonNode;

@KeywardenTest
class JobsTests {

    @Autowired
    JobRunner runner;

    @Autowired
    JobRuns runs;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    HikariDataSource pool;

    @Autowired
    MeterRegistry registry;

    @Value("${server.port}")
    int port;

    @Test
    void twoSchedulerInstancesOnOneDatabaseRunAJobExactlyOnce() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger executions = new AtomicInteger();
        Job slow = new TestJob("test-two-instances", () -> {
            executions.incrementAndGet();
            started.countDown();
            sleep(Duration.ofMillis(800));
        });
        JobRunner first = instance(slow);
        JobRunner second = instance(slow);

        CompletableFuture<Optional<JobRunReport>> a =
                CompletableFuture.supplyAsync(() -> first.run(slow, JobTrigger.SCHEDULED));
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        Optional<JobRunReport> b = second.run(slow, JobTrigger.SCHEDULED);

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
    void everyJobRunsFromItsScheduledTaskWithTheProductionIntervalAndLock() {
        Map<String, Duration> productionIntervals = Map.of(
                "issuance-reconciliation", Duration.ofMinutes(1),
                "key-retirement", Duration.ofMinutes(1),
                "issuance-purge", Duration.ofMinutes(10),
                "rotation-age-watch", Duration.ofMinutes(10),
                "upstream-reconciliation", Duration.ofMinutes(15),
                "audit-verification", Duration.ofHours(1),
                "audit-checkpoint", Duration.ofMinutes(1),
                // The test configuration shortens this one (its default is a minute, checked below).
                "lease-expiry", Duration.ofSeconds(1),
                "revocation-worker", Duration.ofSeconds(10));
        List<Job> jobs = runner.jobs();
        assertThat(runner.job("lease-expiry").orElseThrow().defaultInterval()).isEqualTo(Duration.ofMinutes(1));
        List<FixedDelayTask> tasks = new JobScheduling(runner, new SchedulerHealthIndicator(Clock.systemUTC())).tasks();
        assertThat(jobs).extracting(Job::name).containsExactlyInAnyOrderElementsOf(productionIntervals.keySet());
        assertThat(tasks).hasSameSizeAs(jobs);
        try {
            for (int i = 0; i < jobs.size(); i++) {
                String job = jobs.get(i).name();
                Duration interval = productionIntervals.get(job);
                FixedDelayTask task = tasks.get(i);
                releaseLock(job);
                int scheduledBefore = scheduledRuns(job);
                double countedBefore = runsCounted(registry, job, "succeeded");

                task.getRunnable().run();

                assertThat(task.getIntervalDuration()).as(job).isEqualTo(interval);
                assertThat(scheduledRuns(job)).as(job).isEqualTo(scheduledBefore + 1);
                JobRunReport last = runs.last(job).orElseThrow();
                assertThat(last.trigger()).as(job).isEqualTo(JobTrigger.SCHEDULED);
                assertThat(last.outcome()).as(job).isEqualTo(JobOutcome.SUCCEEDED);
                assertThat(runsCounted(registry, job, "succeeded")).as(job).isEqualTo(countedBefore + 1);
                assertThat(lockHeldSeconds(job)).as(job).isCloseTo(interval.toSeconds() / 2.0, within(1.0));
            }
        } finally {
            jobs.forEach(job -> releaseLock(job.name()));
        }
        assertThat(registry.get("keywarden.audit.chain.intact").gauge().value()).isEqualTo(1);
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
    void operatorsSeeEveryJobAndCanRunOneNow() {
        Api api = new Api(port);

        Api.Answer ran = api.call("POST", "/admin/v1/jobs/issuance-purge/runs")
                .token(Api.ADMIN)
                .send();
        Api.Answer listed = api.call("GET", "/admin/v1/jobs").token(Api.ADMIN).send();

        assertThat(ran.status()).isEqualTo(201);
        assertThat(ran.text("outcome")).isEqualTo("SUCCEEDED");
        assertThat(ran.text("trigger")).isEqualTo("MANUAL");
        List<String> names = listed.json()
                .valueStream()
                .map(job -> job.get("name").asString())
                .toList();
        assertThat(names)
                .contains(
                        "issuance-purge",
                        "issuance-reconciliation",
                        "key-retirement",
                        "rotation-age-watch",
                        "upstream-reconciliation",
                        "audit-verification");
        var purge = listed.json()
                .valueStream()
                .filter(job -> job.get("name").asString().equals("issuance-purge"))
                .findFirst()
                .orElseThrow();
        assertThat(purge.get("lastRun").get("outcome").asString()).isEqualTo("SUCCEEDED");
        assertThat(purge.get("lastRun").get("examined").isNumber()).isTrue();
    }

    @Test
    void everyJobRunsByHandRightAfterItsScheduledRunWhileTheScheduledClaimHoldsForThePeriod() {
        Api api = new Api(port);
        List<Job> jobs = runner.jobs();
        List<FixedDelayTask> tasks = new JobScheduling(runner, new SchedulerHealthIndicator(Clock.systemUTC())).tasks();
        try {
            for (int i = 0; i < jobs.size(); i++) {
                String job = jobs.get(i).name();
                FixedDelayTask task = tasks.get(i);
                releaseLock(job);
                task.getRunnable().run();
                JobRunReport scheduled = runs.last(job).orElseThrow();
                assertThat(scheduled.trigger()).as(job).isEqualTo(JobTrigger.SCHEDULED);
                Timestamp claimedUntil = claimedUntil(job);

                Api.Answer ran = api.call("POST", "/admin/v1/jobs/" + job + "/runs")
                        .token(Api.ADMIN)
                        .send();

                assertThat(ran.status()).as(job + ": " + ran.body()).isEqualTo(201);
                assertThat(ran.text("trigger")).as(job).isEqualTo("MANUAL");
                assertThat(ran.text("outcome")).as(job).isEqualTo("SUCCEEDED");
                assertThat(ran.json().get("id").asLong()).as(job).isGreaterThan(scheduled.id());
                // The run by hand left the period's claim as the scheduled run set it: the schedule
                // (this instance's or another's) still skips the job until the period ends.
                assertThat(claimedUntil(job)).as(job).isEqualTo(claimedUntil);
                int scheduledRuns = scheduledRuns(job);
                task.getRunnable().run();
                assertThat(scheduledRuns(job)).as(job).isEqualTo(scheduledRuns);
                var listed = listedJob(api, job);
                assertThat(listed.get("lastRun").get("id").asLong())
                        .as(job)
                        .isEqualTo(ran.json().get("id").asLong());
                assertThat(listed.get("lastRun").get("trigger").asString())
                        .as(job)
                        .isEqualTo("MANUAL");
            }
        } finally {
            jobs.forEach(job -> releaseLock(job.name()));
        }
    }

    @Test
    void theListedNextRunIsThisInstancesScheduleWhichARunByHandDoesNotMove() {
        Api api = new Api(port);
        String name = "rotation-age-watch";
        Job job = runner.job(name).orElseThrow();
        Duration interval = runner.intervalOf(job);
        JobScheduling schedule = new JobScheduling(runner, new SchedulerHealthIndicator(Clock.systemUTC()));
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerSingleton("jobScheduling", schedule);
        JobsController controller = new JobsController(runner, runs, beans.getBeanProvider(JobScheduling.class));
        FixedDelayTask task = schedule.tasks().get(runner.jobs().indexOf(job));
        assertThat(listed(controller, name).nextRun()).isEqualTo(schedule.firstRun());
        releaseLock(name);
        try {
            task.getRunnable().run();
            JobRunReport scheduled = runs.last(name).orElseThrow();

            Api.Answer ran = api.call("POST", "/admin/v1/jobs/" + name + "/runs")
                    .token(Api.ADMIN)
                    .send();

            assertThat(ran.status()).as(ran.body()).isEqualTo(201);
            JobsController.JobStatus status = listed(controller, name);
            assertThat(status.lastRun().id()).isEqualTo(ran.json().get("id").asLong());
            assertThat(status.lastRun().trigger()).isEqualTo(JobTrigger.MANUAL);
            // A period after the scheduled run ended, as the fixed delay counts; not after the run by hand.
            assertThat(status.nextRun())
                    .isAfterOrEqualTo(scheduled.endedAt().plus(interval))
                    .isBefore(status.lastRun().startedAt().plus(interval));
        } finally {
            releaseLock(name);
        }
    }

    @Test
    void aRunByHandIsRefusedOnlyWhileARunIsInProgressNamingTheInstanceAndSince() {
        Api api = new Api(port);
        String elsewhere = "keywarden-2/5e1d0c9a";
        jdbc.update(
                "INSERT INTO shedlock (name, lock_until, locked_at, locked_by) VALUES (?,"
                        + " timezone('utc', now()) + interval '10 minutes', timezone('utc', now()) - interval '90"
                        + " seconds', ?) ON CONFLICT (name) DO UPDATE SET lock_until = excluded.lock_until,"
                        + " locked_at = excluded.locked_at, locked_by = excluded.locked_by",
                "key-retirement:in-progress",
                elsewhere);
        Instant since = jdbc.queryForObject(
                        "SELECT locked_at AT TIME ZONE 'UTC' FROM shedlock WHERE name = 'key-retirement:in-progress'",
                        Timestamp.class)
                .toInstant();
        try {
            Api.Answer unknown = api.call("POST", "/admin/v1/jobs/no-such-job/runs")
                    .token(Api.ADMIN)
                    .send();
            Api.Answer held = api.call("POST", "/admin/v1/jobs/key-retirement/runs")
                    .token(Api.ADMIN)
                    .send();

            assertThat(unknown.status()).isEqualTo(404);
            assertThat(held.status()).as(held.body()).isEqualTo(409);
            assertThat(held.header("Content-Type")).startsWith("application/problem+json");
            assertThat(held.text("type")).isEqualTo("https://keywarden.io/problems/job-running");
            assertThat(held.text("runningOn")).isEqualTo(elsewhere);
            assertThat(Instant.parse(held.text("runningSince"))).isEqualTo(since);
            assertThat(held.text("detail"))
                    .contains(
                            "key-retirement",
                            elsewhere,
                            since.truncatedTo(ChronoUnit.SECONDS).toString());
            assertThat(Long.parseLong(held.header("Retry-After"))).isBetween(1L, 600L);
        } finally {
            // That run ends, as its instance would end it.
            jdbc.update("UPDATE shedlock SET lock_until = timezone('utc', now()) WHERE name ="
                    + " 'key-retirement:in-progress'");
        }

        Api.Answer ran = api.call("POST", "/admin/v1/jobs/key-retirement/runs")
                .token(Api.ADMIN)
                .send();

        assertThat(ran.status()).as(ran.body()).isEqualTo(201);
        assertThat(ran.text("trigger")).isEqualTo("MANUAL");
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

    private static LockingTaskExecutor lockingOn(DataSource dataSource) {
        return new DefaultLockingTaskExecutor(JobLockConfiguration.lockProviderOn(dataSource, new JobInstance("test")));
    }

    private int scheduledRuns(String job) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM job_run WHERE job_name = ? AND trigger = 'SCHEDULED'", Integer.class, job);
    }

    private Timestamp claimedUntil(String job) {
        return jdbc.queryForObject("SELECT lock_until FROM shedlock WHERE name = ?", Timestamp.class, job);
    }

    private static JobsController.JobStatus listed(JobsController controller, String job) {
        return controller.jobs().stream()
                .filter(status -> status.name().equals(job))
                .findFirst()
                .orElseThrow();
    }

    private static JsonNode listedJob(Api api, String job) {
        return api.call("GET", "/admin/v1/jobs")
                .token(Api.ADMIN)
                .send()
                .json()
                .valueStream()
                .filter(listed -> listed.get("name").asString().equals(job))
                .findFirst()
                .orElseThrow();
    }

    private double lockHeldSeconds(String job) {
        return jdbc.queryForObject(
                "SELECT extract(epoch FROM lock_until - locked_at) FROM shedlock WHERE name = ?", Double.class, job);
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

    private static double runsCounted(MeterRegistry registry, String job, String outcome) {
        Timer timer = registry.find("keywarden.jobs.runs")
                .tag("job", job)
                .tag("outcome", outcome)
                .timer();
        return timer == null ? 0 : timer.count();
    }

    private void releaseLock(String job) {
        jdbc.update("UPDATE shedlock SET lock_until = now() - interval '1 second' WHERE name = ?", job);
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

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
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
        public JobResult run() {
            net.javacrumbs.shedlock.core.LockAssert.assertLocked();
            work.run();
            return new JobResult(1, 0, 0, null);
        }
    }
}
