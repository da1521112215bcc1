package io.keywarden.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.keywarden.jobs.internal.JobOutcome;
import io.keywarden.jobs.internal.JobRunReport;
import io.keywarden.jobs.internal.JobTrigger;
import io.keywarden.sandbox.SandboxFault;
import io.keywarden.sandbox.SandboxFault.Type;
import io.keywarden.sandbox.SandboxKey;
import io.keywarden.support.Api;
import io.keywarden.support.DatabaseOutage;
import io.keywarden.support.KeywardenTest;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * The database taken away at each step of the protocols: before the intent (fail closed: 503,
 * the upstream never called), between the upstream's answer and transaction 2 (503 without the
 * secret; the reconciler revokes the key nobody holds), and in the middle of a job (the run is
 * lost, the work is not: the next run finishes it).
 */
@KeywardenTest
// Every test here takes the database away, and every connection asked for meanwhile is refused
// only once the pool's wait runs out: half a second here, not the two seconds of the shared
// application, whose tests compete for connections. One request at a time needs a small pool.
@TestPropertySource(
        properties = {"spring.datasource.hikari.connection-timeout=500", "spring.datasource.hikari.maximum-pool-size=5"
        })
// That application serves this class only: closed after it, it holds no connections meanwhile.
@DirtiesContext
class DatabaseFaultTests extends FaultTestSupport {

    @Autowired
    HikariDataSource pool;

    DatabaseOutage outage;

    @BeforeEach
    void prepareOutage() {
        outage = new DatabaseOutage(pool);
    }

    @AfterEach
    void endOutage() {
        outage.end();
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void withTheDatabaseDownBeforeTheIntentTheAnswerIs503AndTheUpstreamIsNotCalled(Protocol protocol) {
        String user = newUser();
        String old = existingKeyFor(protocol, user);
        String idempotencyKey = newIdempotencyKey();
        long mark = auditMark();
        long creates = sandbox.callCount("CreateAccessKey");
        outage.begin();

        Api.Answer answer = attempt(protocol, user, old, idempotencyKey);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.header("Retry-After")).matches("\\d+");
        assertThat(answer.body()).doesNotContain("accessKeySecret").doesNotContain("SQL");
        assertThat(sandbox.callCount("CreateAccessKey")).isEqualTo(creates);
        outage.end();
        reconcileOnce(user);
        assertThat(auditSince(mark, user))
                .as("nothing could be audited, and nothing happened")
                .isEmpty();
        assertNothingLostOrLeftAlive(user);

        Api.Answer retried = attempt(protocol, user, old, idempotencyKey);

        assertThat(retried.status()).as(retried.toString()).isEqualTo(201);
        assertNothingLostOrLeftAlive(user);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void whenTheDatabaseGoesBetweenTheUpstreamsAnswerAndTheRecordTheKeyIsRevokedNotLost(Protocol protocol) {
        String user = newUser();
        String old = existingKeyFor(protocol, user);
        String idempotencyKey = newIdempotencyKey();
        long mark = auditMark();
        sandbox.arm(
                new SandboxFault(Type.LATENCY, "CreateAccessKey", 1, null, Duration.ofMillis(600), null, null, null));
        int keysBefore = sandbox.keysOf(user).size();

        CompletableFuture<Api.Answer> pending =
                CompletableFuture.supplyAsync(() -> attempt(protocol, user, old, idempotencyKey));
        awaitTrue(() -> sandbox.keysOf(user).size() > keysBefore);
        String lost = sandbox.keysOf(user).stream()
                .map(SandboxKey::accessKeyId)
                .filter(id -> !id.equals(old))
                .findFirst()
                .orElseThrow();
        outage.begin();
        Api.Answer answer = pending.join();

        assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.body()).doesNotContain("accessKeySecret");
        assertThat(sandbox.keysOf(user)).hasSize(keysBefore + 1);
        outage.end();
        assertThat(jdbc.queryForObject(
                        "SELECT state FROM issuance WHERE idempotency_key = ?", String.class, idempotencyKey))
                .isEqualTo("IN_FLIGHT");

        reconcileOnce(user);

        assertThat(auditSince(mark, user))
                .as("the attempt's own event was lost with the database; the reconciler's are not")
                .containsExactly("REVOKE_ORPHAN ORPHAN_REVOKED", "RECONCILE_ISSUANCE ABANDONED");
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM event_publication WHERE serialized_event LIKE ?",
                        Long.class,
                        "%" + lost + "%"))
                .as("a record that never committed published no event")
                .isZero();
        assertThat(sandbox.keysOf(user)).hasSize(keysBefore);
        assertNothingLostOrLeftAlive(user);
        if (old != null) {
            assertThat(keyStatus(old)).isEqualTo("ACTIVE");
        }

        Api.Answer retried = attempt(protocol, user, old, idempotencyKey);

        assertThat(retried.status()).as(retried.toString()).isEqualTo(201);
        assertThat(sandbox.keysOf(user)).hasSize(keysBefore + 1);
        assertNothingLostOrLeftAlive(user);
    }

    @Test
    void aRetirementRunThatLosesTheDatabaseIsRecordedFailedAndTheNextRunFinishesTheWork() {
        String user = newUser();
        String old = create(user, newIdempotencyKey()).text("accessKeyId");
        String successor = rotate(old, newIdempotencyKey()).text("accessKeyId");
        jdbc.update("UPDATE access_key SET retire_at = now() - interval '1 second' WHERE access_key_id = ?", old);
        long mark = auditMark();
        long updates = sandbox.callCount("UpdateAccessKey");
        sandbox.arm(
                new SandboxFault(Type.LATENCY, "UpdateAccessKey", 1, null, Duration.ofMillis(600), null, null, null));
        var retirement = jobs.job("key-retirement").orElseThrow();

        CompletableFuture<Optional<JobRunReport>> run =
                CompletableFuture.supplyAsync(() -> jobs.run(retirement, JobTrigger.MANUAL));
        awaitTrue(() -> sandbox.callCount("UpdateAccessKey") > updates);
        outage.begin();
        Optional<JobRunReport> lost = run.join();
        outage.end();

        assertThat(lost).as("the run could not even record its end").isEmpty();
        assertThat(keyStatus(old)).as("keywarden's record did not move").isEqualTo("ROTATING");
        // The lost run kept its locks; they would expire after lock-at-most-for. Expire them now.
        jdbc.update("UPDATE shedlock SET lock_until = now() WHERE name LIKE 'key-retirement%'");

        JobRunReport next = jobs.run(retirement, JobTrigger.MANUAL).orElseThrow();

        assertThat(next.outcome()).isEqualTo(JobOutcome.SUCCEEDED);
        assertThat(keyStatus(old)).isEqualTo("DELETED");
        assertThat(upstreamKeyIds(user)).containsExactly(successor);
        assertThat(auditSince(mark, user))
                .containsExactly("RETIRE_ACCESS_KEY SUCCEEDED", "RETIRE_ACCESS_KEY SUCCEEDED");
        assertThat(jdbc.queryForList(
                        "SELECT outcome || ': ' || coalesce(last_error, '') FROM job_run"
                                + " WHERE job_name = 'key-retirement' AND id < ? ORDER BY id DESC LIMIT 1",
                        String.class,
                        next.id()))
                .as("the lost run is closed as failed, not left looking as if it were still running")
                .containsExactly("FAILED: interrupted: the run ended without recording its outcome");
        assertNothingLostOrLeftAlive(user);
    }

    /** Waits for the step the outage must follow, looking often: the upstream's answer is held back only 600 ms. */
    private static void awaitTrue(Callable<Boolean> condition) {
        await().atMost(Duration.ofSeconds(5))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(10))
                .until(condition);
    }
}
