package io.keywarden.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.keywarden.sandbox.SandboxFault.Type;
import io.keywarden.support.Api;
import io.keywarden.support.KeywardenTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@KeywardenTest
class IdempotencyTests extends IssuanceTestSupport {

    @Autowired
    HikariDataSource dataSource;

    @Test
    void theSameRequestAgainReplaysTheIdenticalAnswerWithoutCallingTheUpstream() {
        String user = newUser();
        String key = newIdempotencyKey();
        Api.Answer first = api.createKey(Api.ISSUER, key, user);
        long creates = sandbox.callCount("CreateAccessKey");

        Api.Answer again = api.createKey(Api.ISSUER, key, user);

        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(sandbox.callCount("CreateAccessKey")).isEqualTo(creates);
        assertThat(upstreamKeyIds(user)).hasSize(1);
        assertThat(auditOutcomes(user)).containsExactly("SUCCEEDED", "REPLAYED");
    }

    @Test
    void theReplayCopyIsStoredEncrypted() {
        String user = newUser();
        String key = newIdempotencyKey();
        String secret = api.createKey(Api.ISSUER, key, user).text("accessKeySecret");

        byte[] stored = jdbc.queryForObject(
                "SELECT response_ciphertext FROM issuance WHERE idempotency_key = ?", byte[].class, key);

        assertThat(stored).isNotEmpty();
        assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(secret);
    }

    @Test
    void theSameKeyWithAnotherBodyIs422() {
        String key = newIdempotencyKey();
        api.createKey(Api.ISSUER, key, newUser());

        Api.Answer other = api.createKey(Api.ISSUER, key, newUser());

        assertThat(other.status()).isEqualTo(422);
        assertThat(other.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void idempotencyKeysAreScopedPerClient() {
        String key = newIdempotencyKey();
        String user = newUser();
        api.createKey(Api.ISSUER, key, user);

        Api.Answer admin = api.createKey(Api.ADMIN, key, user);

        assertThat(admin.status()).isEqualTo(201);
        assertThat(admin.header("Idempotent-Replayed")).isNull();
        assertThat(upstreamKeyIds(user)).hasSize(2);
    }

    @Test
    void twentyConcurrentIdenticalRequestsMakeOneUpstreamCall() throws Exception {
        String user = newUser();
        String key = newIdempotencyKey();
        arm(Type.LATENCY, null, Duration.ofMillis(600), null);
        long creates = sandbox.callCount("CreateAccessKey");

        List<CompletableFuture<Api.Answer>> calls = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            for (int i = 0; i < 20; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> api.createKey(Api.ISSUER, key, user), pool));
            }
            List<Integer> statuses = calls.stream()
                    .map(CompletableFuture::join)
                    .map(Api.Answer::status)
                    .toList();

            assertThat(sandbox.callCount("CreateAccessKey") - creates).isEqualTo(1);
            assertThat(statuses).containsOnly(201, 409);
            assertThat(statuses).contains(201);
            assertThat(upstreamKeyIds(user)).hasSize(1);
        } finally {
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        sandbox.clearFaults();
        Api.Answer afterwards = api.createKey(Api.ISSUER, key, user);
        assertThat(afterwards.status()).isEqualTo(201);
        assertThat(afterwards.header("Idempotent-Replayed")).isEqualTo("true");
    }

    @Test
    void aRequestStillInFlightIs409() throws Exception {
        String user = newUser();
        String key = newIdempotencyKey();
        arm(Type.LATENCY, null, Duration.ofMillis(800), null);
        long creates = sandbox.callCount("CreateAccessKey");
        CompletableFuture<Api.Answer> first = CompletableFuture.supplyAsync(() -> api.createKey(Api.ISSUER, key, user));
        awaitUpstreamCalledAfter(creates);

        Api.Answer second = api.createKey(Api.ISSUER, key, user);

        assertThat(second.status()).isEqualTo(409);
        assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(201);
    }

    @Test
    void noDatabaseConnectionIsHeldWhileTheUpstreamIsCalled() throws Exception {
        String user = newUser();
        arm(Type.LATENCY, null, Duration.ofMillis(800), null);
        long creates = sandbox.callCount("CreateAccessKey");
        CompletableFuture<Api.Answer> call =
                CompletableFuture.supplyAsync(() -> api.createKey(Api.ISSUER, newIdempotencyKey(), user));
        awaitUpstreamCalledAfter(creates);

        int activeDuringCall = dataSource.getHikariPoolMXBean().getActiveConnections();

        assertThat(sandbox.callCount("CreateAccessKey")).isPositive();
        assertThat(activeDuringCall).isZero();
        assertThat(call.get(10, TimeUnit.SECONDS).status()).isEqualTo(201);
    }

    /** Waits until a create reached the upstream, which holds its answer back (the armed latency). */
    private void awaitUpstreamCalledAfter(long creates) {
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> sandbox.callCount("CreateAccessKey") > creates);
    }
}
