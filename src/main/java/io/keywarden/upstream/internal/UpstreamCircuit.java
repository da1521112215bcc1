package io.keywarden.upstream.internal;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.keywarden.upstream.UpstreamOutcome;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Decides per attempt whether the upstream may be called at all, and learns from what each
 * attempt came to. An answer, even a refusal, proves the upstream is there; no answer, a
 * throttle or an unavailable status counts against it. A failure before anything was handed to
 * the transport says nothing about the upstream and is not counted. An open circuit turns into
 * an {@code Unavailable} outcome before anything is sent, so it can never repeat a create.
 */
final class UpstreamCircuit {

    static final String OPEN_REASON = "circuit open";

    private final CircuitBreaker breaker;
    private final Duration openFor;

    UpstreamCircuit(CircuitBreaker breaker, Duration openFor) {
        this.breaker = breaker;
        this.openFor = openFor;
    }

    static UpstreamCircuit of(UpstreamCircuitProperties properties) {
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(properties.window())
                .minimumNumberOfCalls(properties.minimumCalls())
                .failureRateThreshold(properties.failureRate())
                .waitDurationInOpenState(properties.openFor())
                .permittedNumberOfCallsInHalfOpenState(properties.halfOpenCalls())
                // Without it a circuit only leaves OPEN when a call comes, and an instance that
                // readiness took out of the balancer would get none.
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build();
        return new UpstreamCircuit(CircuitBreaker.of("upstream", config), properties.openFor());
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    boolean tryEnter() {
        return breaker.tryAcquirePermission();
    }

    /** Gives back a permission that was taken for an attempt that was never sent. */
    void notSent() {
        breaker.releasePermission();
    }

    Attempt refused() {
        return new Attempt(new UpstreamOutcome.Unavailable<>(OPEN_REASON, openFor, null), 0, null);
    }

    void record(Attempt attempt, long nanos) {
        if (attempt.isUnavailable() && attempt.httpStatus() == 0 && notSentReason(attempt)) {
            breaker.releasePermission();
        } else if (attempt.isUnavailable() || attempt.isOutcomeUnknown()) {
            breaker.onError(nanos, TimeUnit.NANOSECONDS, new UpstreamFailure());
        } else {
            breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
        }
    }

    private static boolean notSentReason(Attempt attempt) {
        return ((UpstreamOutcome.Unavailable<?>) attempt.outcome()).reason().startsWith("not sent");
    }

    /** What the breaker is told failed; it carries no message and no stack trace. */
    private static final class UpstreamFailure extends RuntimeException {
        UpstreamFailure() {
            super("upstream attempt failed", null, false, false);
        }
    }
}
