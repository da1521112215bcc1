package io.keywarden.jobs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.keywarden.jobs.Job;
import io.keywarden.support.Api;
import io.keywarden.support.KeywardenTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.config.FixedDelayTask;
import tools.jackson.databind.JsonNode;

/**
 * The application's own jobs, as scheduled and as an operator runs them over HTTP. How a run
 * takes its locks and is recorded, with the test's own jobs, is {@link JobRunnerTests}.
 */
@KeywardenTest
class JobsTests {

    @Autowired
    JobRunner runner;

    @Autowired
    JobRuns runs;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry registry;

    @Value("${server.port}")
    int port;

    @Test
    void everyJobRunsFromItsScheduledTaskWithTheProductionIntervalAndLock() {
        Map<String, Duration> productionIntervals = Map.ofEntries(
                Map.entry("issuance-reconciliation", Duration.ofMinutes(1)),
                Map.entry("key-retirement", Duration.ofMinutes(1)),
                Map.entry("issuance-purge", Duration.ofMinutes(10)),
                Map.entry("rotation-age-watch", Duration.ofMinutes(10)),
                Map.entry("upstream-reconciliation", Duration.ofMinutes(15)),
                Map.entry("audit-verification", Duration.ofHours(1)),
                Map.entry("audit-checkpoint", Duration.ofMinutes(1)),
                // The test configuration shortens this one (its default is a minute, checked below).
                Map.entry("lease-expiry", Duration.ofSeconds(1)),
                Map.entry("revocation-worker", Duration.ofSeconds(10)),
                Map.entry("webhook-delivery", Duration.ofSeconds(5)),
                Map.entry("event-purge", Duration.ofHours(1)),
                Map.entry("event-resubmit", Duration.ofMinutes(1)),
                Map.entry("webhook-purge", Duration.ofHours(1)));
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
}
