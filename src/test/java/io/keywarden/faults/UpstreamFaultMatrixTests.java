package io.keywarden.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.support.Api;
import io.keywarden.support.KeywardenTest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The create and rotate protocols under every upstream fault the sandbox can inject. Each cell
 * checks the caller's answer and the attempt's audit event, runs the reconciler once and checks
 * the invariant of docs/architecture.md#what-it-promises (promise 2), then retries with the same Idempotency-Key (always safe
 * by the contract) and checks that the caller ends with exactly one working new key.
 */
@KeywardenTest
class UpstreamFaultMatrixTests extends FaultTestSupport {

    static Stream<Arguments> cells() {
        List<UpstreamFault> faults = List.of(
                UpstreamFault.slow(),
                UpstreamFault.httpStatus(500, 504, "OUTCOME_UNKNOWN", "OUTCOME_UNKNOWN"),
                UpstreamFault.httpStatus(502, 504, "OUTCOME_UNKNOWN", "OUTCOME_UNKNOWN"),
                UpstreamFault.httpStatus(503, 503, "UPSTREAM_UNAVAILABLE", "FAILED"),
                UpstreamFault.httpStatus(429, 503, "UPSTREAM_UNAVAILABLE", "FAILED"),
                UpstreamFault.throttled(),
                UpstreamFault.noAnswer(),
                UpstreamFault.connectionDropped(),
                UpstreamFault.malformedJson(),
                UpstreamFault.retCode(299, 502, "REJECTED", "FAILED"),
                UpstreamFault.retCode(110, 504, "OUTCOME_UNKNOWN", "OUTCOME_UNKNOWN"),
                UpstreamFault.emptyKey(),
                UpstreamFault.createdButNeverAnswered());
        return Stream.of(Protocol.values())
                .flatMap(protocol -> faults.stream().map(fault -> Arguments.of(protocol, fault)));
    }

    @ParameterizedTest(name = "{0} when the upstream is {1}")
    @MethodSource("cells")
    void afterTheFaultAndOneReconcilerPassNothingIsLostOrLeftAlive(Protocol protocol, UpstreamFault cell) {
        String user = newUser();
        String old = existingKeyFor(protocol, user);
        String idempotencyKey = newIdempotencyKey();
        long mark = auditMark();
        sandbox.arm(cell.fault());

        Api.Answer answer = attempt(protocol, user, old, idempotencyKey);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(cell.status());
        if (cell.status() != 201) {
            assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
            assertThat(answer.body()).doesNotContain("accessKeySecret");
        }
        if (cell.status() == 503) {
            assertThat(answer.header("Retry-After")).matches("\\d+");
        }
        assertThat(auditSince(mark, user)).containsExactlyElementsOf(attemptEvents(protocol, cell));
        assertThat(jdbc.queryForObject(
                        "SELECT state FROM issuance WHERE idempotency_key = ?", String.class, idempotencyKey))
                .isEqualTo(cell.issuanceState());
        assertThat(upstreamKeyIds(user)).hasSize(expectedKeysAfterAttempt(protocol, cell));
        sandbox.clearFaults();

        reconcileOnce(user);

        assertThat(auditSince(mark, user)).containsExactlyElementsOf(afterReconciliation(protocol, cell));
        assertNothingLostOrLeftAlive(user);
        if (old != null && cell.status() != 201) {
            assertThat(keyStatus(old))
                    .as("a failed rotation leaves the old key as it was")
                    .isEqualTo("ACTIVE");
        }

        Api.Answer retried = attempt(protocol, user, old, idempotencyKey);

        assertThat(retried.status()).as(retried.toString()).isEqualTo(201);
        String fresh = retried.text("accessKeyId");
        if (cell.status() == 201) {
            assertThat(retried.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(retried.body()).isEqualTo(answer.body());
        }
        assertThat(upstreamKeyIds(user))
                .containsExactlyInAnyOrderElementsOf(old == null ? List.of(fresh) : List.of(old, fresh));
        if (old != null) {
            assertThat(keyStatus(old)).isEqualTo("ROTATING");
            assertThat(retried.text("rotatedFrom")).isEqualTo(old);
        }
        assertThat(keyStatus(fresh)).isEqualTo("ACTIVE");
        assertNothingLostOrLeftAlive(user);
    }

    private static int expectedKeysAfterAttempt(Protocol protocol, UpstreamFault cell) {
        int before = protocol == Protocol.ROTATE ? 1 : 0;
        return before + (cell.status() == 201 || cell.leavesKeyUpstream() ? 1 : 0);
    }

    /** The attempt's events: a successful rotation is also in the old key's history (SUPERSEDE_ACCESS_KEY). */
    private static List<String> attemptEvents(Protocol protocol, UpstreamFault cell) {
        List<String> events = new ArrayList<>();
        if (protocol == Protocol.ROTATE && cell.status() == 201) {
            events.add("SUPERSEDE_ACCESS_KEY SUCCEEDED");
        }
        events.add(protocol.auditAction() + " " + cell.attemptOutcome());
        return events;
    }

    private static List<String> afterReconciliation(Protocol protocol, UpstreamFault cell) {
        List<String> events = attemptEvents(protocol, cell);
        if (cell.leavesKeyUpstream()) {
            events.add("REVOKE_ORPHAN ORPHAN_REVOKED");
        }
        if (cell.settlesByReconciliation()) {
            events.add("RECONCILE_ISSUANCE ABANDONED");
        }
        return events;
    }
}
