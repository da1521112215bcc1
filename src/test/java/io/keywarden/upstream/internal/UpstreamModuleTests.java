package io.keywarden.upstream.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.keywarden.support.ModuleTest;
import io.keywarden.upstream.UpstreamAccessKey;
import io.keywarden.upstream.UpstreamIamClient;
import io.keywarden.upstream.UpstreamKeyRevoker;
import io.keywarden.upstream.UpstreamKeyStatus;
import io.keywarden.upstream.UpstreamOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The upstream module on its own, as the application configures it from {@code
 * keywarden.upstream}: its client against a WireMock upstream, the circuit that stops sending
 * while the upstream fails and what health and metrics say of it, and the revoke routine. The
 * client's answers, retries and signatures one call at a time are {@link
 * UpstreamIamClientAnswersTests} and its siblings; what an open circuit means to callers of the
 * whole application is {@code ops.UpstreamCircuitTests}.
 */
@ModuleTest
@TestPropertySource(
        properties = {
            "keywarden.upstream.public-key=" + UpstreamStub.PUBLIC_KEY,
            "keywarden.upstream.private-key=" + UpstreamStub.PRIVATE_KEY,
            "keywarden.upstream.allow-insecure-http=true",
            "keywarden.upstream.connect-timeout=500ms",
            // Patient enough for a cold JVM's first request.
            "keywarden.upstream.read-timeout=2s",
            "keywarden.upstream.max-requests-per-second=1000",
            "keywarden.upstream.initial-backoff=10ms",
            "keywarden.upstream.circuit.failure-rate=50",
            "keywarden.upstream.circuit.window=4",
            "keywarden.upstream.circuit.minimum-calls=4",
            "keywarden.upstream.circuit.open-for=500ms",
            "keywarden.upstream.circuit.half-open-calls=1"
        })
class UpstreamModuleTests {

    private static final UpstreamStub upstream = new UpstreamStub();

    @DynamicPropertySource
    static void pointAtTheStub(DynamicPropertyRegistry registry) {
        registry.add("keywarden.upstream.base-url", () -> upstream.baseUrl().toString());
    }

    private final UpstreamIamClient client;
    private final UpstreamKeyRevoker revoker;
    private final CircuitBreaker circuit;
    private final UpstreamHealthIndicator health;
    private final MeterRegistry meters;

    UpstreamModuleTests(
            UpstreamIamClient client,
            UpstreamKeyRevoker revoker,
            UpstreamCircuit circuit,
            UpstreamHealthIndicator health,
            MeterRegistry meters) {
        this.client = client;
        this.revoker = revoker;
        this.circuit = circuit.breaker();
        this.health = health;
        this.meters = meters;
    }

    @BeforeEach
    void closeTheCircuitAndForgetTheStubs() {
        circuit.reset();
        upstream.server.resetAll();
    }

    @AfterAll
    void stopTheStub() {
        upstream.close();
    }

    @Test
    void failedAttemptsOpenTheCircuitWhichSendsNothingUntilItTriesAgainOnItsOwn() {
        upstream.answer("ListAccessKeys", aResponse().withStatus(503));

        // Each list is tried three times while the upstream says 503; the window holds four.
        assertThat(client.listAccessKeys("alice")).isInstanceOf(UpstreamOutcome.Unavailable.class);
        assertThat(client.listAccessKeys("alice")).isInstanceOf(UpstreamOutcome.Unavailable.class);
        int sent = upstream.requestCount();
        UpstreamOutcome<List<UpstreamAccessKey>> refused = client.listAccessKeys("alice");

        assertThat(circuit.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(refused).isInstanceOfSatisfying(UpstreamOutcome.Unavailable.class, unavailable -> {
            assertThat(unavailable.reason()).isEqualTo("circuit open");
            assertThat(unavailable.retryAfter()).isEqualTo(Duration.ofMillis(500));
        });
        assertThat(upstream.requestCount()).as("nothing sent while open").isEqualTo(sent);
        Health degraded = health.health();
        assertThat(degraded.getStatus()).isEqualTo(UpstreamHealthIndicator.DEGRADED);
        assertThat(degraded.getDetails()).containsEntry("circuit", "OPEN").containsEntry("host", "127.0.0.1");
        assertThat(circuitGauge("open")).isEqualTo(1);
        assertThat(circuitGauge("closed")).isZero();

        await().atMost(Duration.ofSeconds(10)).until(() -> circuit.getState() == CircuitBreaker.State.HALF_OPEN);
        upstream.answerJson("ListAccessKeys", "{\"RetCode\": 0, \"Action\": \"ListAccessKeysResponse\"}");

        assertThat(client.listAccessKeys("alice")).isInstanceOf(UpstreamOutcome.Success.class);
        assertThat(circuit.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(health.health().getDetails()).containsEntry("circuit", "CLOSED");
        assertThat(circuitGauge("closed")).isEqualTo(1);
    }

    @Test
    void aThrottlingUpstreamIsAnsweredButDoesNotOpenTheCircuit() {
        upstream.answerJson("CreateAccessKey", "{\"RetCode\": 153, \"Message\": \"throttled\"}");
        upstream.answer("DeleteAccessKey", aResponse().withStatus(429));

        for (int i = 0; i < 4; i++) {
            assertThat(client.createAccessKey("alice")).isInstanceOf(UpstreamOutcome.Unavailable.class);
            assertThat(client.deleteAccessKey("AK" + i)).isInstanceOf(UpstreamOutcome.Unavailable.class);
        }

        assertThat(upstream.requestCount()).isGreaterThanOrEqualTo(8);
        assertThat(circuit.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(health.health().getStatus().getCode()).isEqualTo("UP");
    }

    @Test
    void aKeyTheUpstreamNoLongerListsCountsAsRevokedWhateverItsRefusalSaid() {
        upstream.answerJson("UpdateAccessKey", "{\"RetCode\": 0}");
        upstream.answerJson("DeleteAccessKey", "{\"RetCode\": 171, \"Message\": \"no such key\"}");
        upstream.answerJson("ListAccessKeys", "{\"RetCode\": 0, \"Action\": \"ListAccessKeysResponse\"}");

        UpstreamOutcome<Void> revoked = revoker.revoke("alice", "AKgone", UpstreamKeyStatus.ACTIVE);

        assertThat(revoked).isInstanceOf(UpstreamOutcome.Success.class);
        assertThat(upstream.requests())
                .extracting(request -> UpstreamStub.form(request).get("Action"))
                .containsExactly("UpdateAccessKey", "DeleteAccessKey", "ListAccessKeys");
    }

    @Test
    void aRefusedDeleteOfAKeyTheUpstreamStillListsIsARefusal() {
        upstream.answerJson("DeleteAccessKey", "{\"RetCode\": 171, \"Message\": \"refused\"}");
        upstream.answerJson(
                "ListAccessKeys",
                "{\"RetCode\": 0, \"AccessKey\": [{\"AccessKeyID\": \"AKkept\", \"UserId\": 42, \"Status\": \"Inactive\","
                        + " \"CreatedAt\": 1700000000}]}");

        UpstreamOutcome<Void> refused = revoker.revoke("alice", "AKkept", UpstreamKeyStatus.INACTIVE);

        assertThat(refused).isEqualTo(new UpstreamOutcome.Rejected<>(171, "refused", UpstreamStub.REQUEST_ID));
        assertThat(upstream.requests())
                .extracting(request -> UpstreamStub.form(request).get("Action"))
                .containsExactly("DeleteAccessKey", "ListAccessKeys");
    }

    private double circuitGauge(String state) {
        return meters.get("keywarden.upstream.circuit.state")
                .tag("state", state)
                .gauge()
                .value();
    }
}
