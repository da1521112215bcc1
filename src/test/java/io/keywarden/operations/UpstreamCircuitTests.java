package io.keywarden.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keywarden.sandbox.SandboxFault;
import io.keywarden.support.Api;
import io.keywarden.support.ApplicationTestBase;
import io.keywarden.support.KeywardenTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The upstream's circuit, in an application of its own whose circuit opens after four failed
 * attempts (the shared one is made hard to open, so other tests' faults cannot trip it). An open
 * circuit stops creates, and nothing else: every instance stays ready.
 */
@KeywardenTest
@TestPropertySource(
        properties = {
            "keywarden.upstream.circuit.failure-rate=50",
            "keywarden.upstream.circuit.window=4",
            "keywarden.upstream.circuit.minimum-calls=4",
            "keywarden.upstream.circuit.open-for=2s",
            "keywarden.upstream.circuit.half-open-calls=1",
            // One request at a time.
            "spring.datasource.hikari.maximum-pool-size=5"
        })
// That application serves this class only: closed after it, it holds no connections meanwhile.
@DirtiesContext
class UpstreamCircuitTests extends ApplicationTestBase {

    private static final String CREATE = "CreateAccessKey";

    @Test
    void anOpenCircuitSendsNothingAnswers503AndKeepsEveryInstanceReadyForReadsAndAdmin() {
        String user = newUser();
        assertThat(api.createKey(Api.ISSUER, newIdempotencyKey(), user).status())
                .isEqualTo(201);
        sandbox.arm(new SandboxFault(SandboxFault.Type.HTTP_STATUS, null, null, 503, null, null, null, null));
        // Each create is tried three times while the upstream says 503: the second trips the circuit.
        assertThat(api.createKey(Api.ISSUER, newIdempotencyKey(), newUser()).status())
                .isEqualTo(503);
        assertThat(api.createKey(Api.ISSUER, newIdempotencyKey(), newUser()).status())
                .isEqualTo(503);
        long sentBefore = sandbox.callCount(CREATE);

        Api.Answer refused = api.createKey(Api.ISSUER, newIdempotencyKey(), newUser());

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header("Retry-After")).isNotNull();
        assertThat(refused.text("detail")).contains("circuit open");
        assertThat(sandbox.callCount(CREATE)).isEqualTo(sentBefore);
        assertThat(readiness().status()).isEqualTo(200);
        assertThat(readiness().text("status")).isEqualTo("UP");
        assertThat(api.call("GET", "/actuator/health/readiness")
                        .token(Api.ADMIN)
                        .send()
                        .json()
                        .get("components")
                        .propertyNames())
                .doesNotContain("upstream");
        Api.Answer health = api.call("GET", "/actuator/health").token(Api.ADMIN).send();
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.text("status")).isEqualTo("UP");
        assertThat(upstreamHealth(health).get("status").asString()).isEqualTo("DEGRADED");
        assertThat(upstreamHealth(health).get("details").get("circuit").asString())
                .isEqualTo("OPEN");
        assertThat(Scrape.of(api.call("GET", "/actuator/prometheus")
                                .token(Api.ADMIN)
                                .send()
                                .body())
                        .sum("keywarden_upstream_circuit_state", "state=open"))
                .isEqualTo(1);
        assertThat(api.call("GET", "/v1/access-keys?userName=" + user)
                        .token(Api.ISSUER)
                        .send()
                        .status())
                .isEqualTo(200);
        assertThat(api.call("GET", "/admin/v1/audit-events?userName=" + user)
                        .token(Api.AUDITOR)
                        .send()
                        .status())
                .isEqualTo(200);
        assertThat(api.call("GET", "/admin/v1/jobs").token(Api.ADMIN).send().status())
                .isEqualTo(200);
        assertThat(api.call("GET", "/actuator/health/liveness").send().status()).isEqualTo(200);

        sandbox.clearFaults();
        assertThat(circuitWithin(Duration.ofSeconds(10))).isEqualTo("HALF_OPEN");
        assertThat(api.createKey(Api.ISSUER, newIdempotencyKey(), newUser()).status())
                .isEqualTo(201);
        Api.Answer healthAfter =
                api.call("GET", "/actuator/health").token(Api.ADMIN).send();
        assertThat(upstreamHealth(healthAfter).get("status").asString()).isEqualTo("UP");
        assertThat(upstreamHealth(healthAfter).get("details").get("circuit").asString())
                .isEqualTo("CLOSED");
    }

    @Test
    void aThrottlingUpstreamAnswers503ButDoesNotOpenTheCircuit() {
        assertThat(circuit()).isEqualTo("CLOSED");
        sandbox.arm(new SandboxFault(SandboxFault.Type.THROTTLE, CREATE, null, null, null, null, null, null));
        long sentBefore = sandbox.callCount(CREATE);

        for (int i = 0; i < 4; i++) {
            Api.Answer throttled = api.createKey(Api.ISSUER, newIdempotencyKey(), newUser());
            assertThat(throttled.status()).isEqualTo(503);
            assertThat(throttled.header("Retry-After")).isNotNull();
        }

        assertThat(sandbox.callCount(CREATE)).isGreaterThanOrEqualTo(sentBefore + 4);
        assertThat(circuit()).isEqualTo("CLOSED");
        sandbox.clearFaults();
        assertThat(api.createKey(Api.ISSUER, newIdempotencyKey(), newUser()).status())
                .isEqualTo(201);
    }

    @Test
    void aCreateThatMayHaveReachedTheUpstreamIsNotSentAgainEvenWhenTheCircuitCounts() {
        String user = newUser();
        sandbox.arm(new SandboxFault(
                SandboxFault.Type.NO_ANSWER, CREATE, 1, null, Duration.ofSeconds(3), null, null, null));
        long sentBefore = sandbox.callCount(CREATE);

        Api.Answer timedOut = api.createKey(Api.ISSUER, newIdempotencyKey(), user);

        assertThat(timedOut.status()).isEqualTo(504);
        assertThat(sandbox.callCount(CREATE)).isEqualTo(sentBefore + 1);
    }

    /** Waits for the circuit to leave OPEN on its own, after {@code open-for}. */
    private String circuitWithin(Duration patience) {
        return await().atMost(patience)
                .pollInterval(Duration.ofMillis(100))
                .until(this::circuit, state -> !"OPEN".equals(state));
    }

    private String circuit() {
        return upstreamHealth(
                        api.call("GET", "/actuator/health").token(Api.ADMIN).send())
                .get("details")
                .get("circuit")
                .asString();
    }

    private static JsonNode upstreamHealth(Api.Answer health) {
        return health.json().get("components").get("upstream");
    }

    private Api.Answer readiness() {
        return api.call("GET", "/actuator/health/readiness").send();
    }
}
