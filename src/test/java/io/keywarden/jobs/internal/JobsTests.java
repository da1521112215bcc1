package io.keywarden.jobs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.jobs.Job;
import io.keywarden.jobs.JobResult;
import io.keywarden.support.Api;
import io.keywarden.support.KeywardenTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

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
    void runningAnUnknownJobIs404AndAJobHeldElsewhereIs409() {
        Api api = new Api(port);
        jdbc.update("INSERT INTO shedlock (name, lock_until, locked_at, locked_by) VALUES ('key-retirement',"
                + " now() + interval '1 minute', now(), 'elsewhere') ON CONFLICT (name) DO UPDATE SET"
                + " lock_until = excluded.lock_until, locked_by = excluded.locked_by");
        try {
            Api.Answer unknown = api.call("POST", "/admin/v1/jobs/no-such-job/runs")
                    .token(Api.ADMIN)
                    .send();
            Api.Answer held = api.call("POST", "/admin/v1/jobs/key-retirement/runs")
                    .token(Api.ADMIN)
                    .send();

            assertThat(unknown.status()).isEqualTo(404);
            assertThat(held.status()).isEqualTo(409);
            assertThat(held.header("Content-Type")).startsWith("application/problem+json");
        } finally {
            jdbc.update("UPDATE shedlock SET lock_until = now() - interval '1 second' WHERE name = 'key-retirement'");
        }
    }

    /** Another keywarden instance's runner: its own lock provider on the same database. */
    private JobRunner instance(Job job) {
        var locks = new DefaultLockingTaskExecutor(
                new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                        .withJdbcTemplate(new JdbcTemplate(dataSource))
                        .usingDbTime()
                        .build()));
        return new JobRunner(
                List.of(job),
                locks,
                runs,
                new JobProperties(Map.of(job.name(), Duration.ofSeconds(20)), Duration.ofMinutes(1)),
                new JobMetrics(new SimpleMeterRegistry()));
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
