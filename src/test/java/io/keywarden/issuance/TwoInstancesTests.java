package io.keywarden.issuance;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.KeywardenApplication;
import io.keywarden.sandbox.SandboxFault.Type;
import io.keywarden.support.Api;
import io.keywarden.support.KeywardenTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two keywarden instances on one database, no balancer in front: identical requests sprayed at
 * both still make one upstream call, because idempotency lives in the database, not in a JVM.
 */
@KeywardenTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoInstancesTests extends IssuanceTestSupport {

    @Autowired
    DataSourceProperties dataSource;

    private ConfigurableApplicationContext second;
    private Api secondApi;

    @BeforeAll
    void startSecondInstance() throws IOException {
        int secondPort = freePort();
        // Arguments, not default properties: application-test.yml would override those, and the
        // second instance would then serve and call a sandbox of its own.
        second = new SpringApplicationBuilder(KeywardenApplication.class)
                .profiles("test")
                .run(
                        "--server.port=" + secondPort,
                        "--keywarden.sandbox.enabled=false",
                        "--keywarden.upstream.base-url=http://127.0.0.1:" + port + "/sandbox/upstream/",
                        // The first instance's sandbox answers plain http on loopback.
                        "--keywarden.upstream.allow-insecure-http=true",
                        "--spring.datasource.url=" + dataSource.determineUrl(),
                        "--spring.datasource.username=" + dataSource.determineUsername(),
                        "--spring.datasource.password=" + nullToEmpty(dataSource.determinePassword()));
        secondApi = new Api(secondPort);
    }

    @AfterAll
    void stopSecondInstance() {
        if (second != null) {
            second.close();
        }
    }

    @Test
    void identicalRequestsAtTwoInstancesMakeOneUpstreamCall() {
        String user = newUser();
        String key = newIdempotencyKey();
        arm(Type.LATENCY, null, Duration.ofMillis(600), null);
        long creates = sandbox.callCount("CreateAccessKey");

        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<CompletableFuture<Api.Answer>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Api target = i % 2 == 0 ? api : secondApi;
            calls.add(CompletableFuture.supplyAsync(() -> target.createKey(Api.ISSUER, key, user), pool));
        }
        List<Integer> statuses = calls.stream()
                .map(CompletableFuture::join)
                .map(Api.Answer::status)
                .toList();
        pool.shutdown();

        assertThat(sandbox.callCount("CreateAccessKey") - creates).isEqualTo(1);
        assertThat(statuses).containsOnly(201, 409).contains(201);
        assertThat(upstreamKeyIds(user)).hasSize(1);
        sandbox.clearFaults();
        Api.Answer replayedElsewhere = secondApi.createKey(Api.ISSUER, key, user);
        assertThat(replayedElsewhere.status()).isEqualTo(201);
        assertThat(replayedElsewhere.header("Idempotent-Replayed")).isEqualTo("true");
    }

    @Test
    void bothInstancesAppendToOneUnbrokenAuditChain() {
        for (int i = 0; i < 10; i++) {
            (i % 2 == 0 ? api : secondApi).createKey(Api.ISSUER, newIdempotencyKey(), newUser());
        }

        Integer unlinked = jdbc.queryForObject(
                "SELECT count(*) FROM audit_event e JOIN audit_event p ON p.id = e.id - 1"
                        + " WHERE e.previous_hash <> p.hash",
                Integer.class);
        Integer gaps = jdbc.queryForObject(
                "SELECT count(*) FROM audit_event e WHERE e.id > 1"
                        + " AND NOT EXISTS (SELECT 1 FROM audit_event p WHERE p.id = e.id - 1)",
                Integer.class);
        assertThat(unlinked).isZero();
        assertThat(gaps).isZero();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
