package io.keywarden.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.support.Api;
import io.keywarden.support.ApplicationTestBase;
import io.keywarden.support.KeywardenTest;
import io.keywarden.upstream.sandbox.SandboxFault;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The upstream's circuit, in an application of its own whose circuit opens after four failed
 * attempts (the shared one is made hard to open, so other tests' faults cannot trip it).
 */
@KeywardenTest
@TestPropertySource(
        properties = {
            "keywarden.upstream.circuit.failure-rate=50",
            "keywarden.upstream.circuit.window=4",
            "keywarden.upstream.circuit.minimum-calls=4",
            "keywarden.upstream.circuit.open-for=2s",
            "keywarden.upstream.circuit.half-open-calls=1"
        })
class UpstreamCircuitTests extends ApplicationTestBase {

    private static final String CREATE = "CreateAccessKey";

    @Test
    void anOpenCircuitSendsNothingAnswers503AndTakesReadinessDownUntilTheUpstreamIsBack() throws InterruptedException {
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
        assertThat(readiness().status()).isEqualTo(503);
        assertThat(readiness().text("status")).isEqualTo("DOWN");
        Api.Answer health = api.call("GET", "/actuator/health").token(Api.ADMIN).send();
        assertThat(health.json()
                        .get("components")
                        .get("upstream")
                        .get("details")
                        .get("circuit")
                        .asString())
                .isEqualTo("OPEN");
        assertThat(api.call("GET", "/actuator/health/liveness").send().status()).isEqualTo(200);

        sandbox.clearFaults();
        assertThat(readinessWithin(Duration.ofSeconds(10))).isEqualTo(200);
        assertThat(api.createKey(Api.ISSUER, newIdempotencyKey(), newUser()).status())
                .isEqualTo(201);
        Api.Answer healthAfter =
                api.call("GET", "/actuator/health").token(Api.ADMIN).send();
        assertThat(healthAfter
                        .json()
                        .get("components")
                        .get("upstream")
                        .get("details")
                        .get("circuit")
                        .asString())
                .isEqualTo("CLOSED");
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

    private int readinessWithin(Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        int status = readiness().status();
        while (status != 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            status = readiness().status();
        }
        return status;
    }

    private Api.Answer readiness() {
        return api.call("GET", "/actuator/health/readiness").send();
    }
}
