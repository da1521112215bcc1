package io.keywarden.upstream.internal;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.keywarden.upstream.UpstreamOutcome;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Decides per attempt whether the upstream may be called at all, and learns from what each
 * attempt came to. An answer, even a refusal, proves the upstream is there; no answer or an
 * unavailable status counts against it. A throttle (HTTP 429, RetCode 153) counts neither way: it
 * is a working upstream enforcing the account's quota, already answered fast and with its own
 * {@code Retry-After}, and counting it would let one caller's burst stop every caller's creates
 * for {@code open-for}. A failure before anything was handed to the transport says nothing about
 * the upstream and is not counted either. An open circuit turns into an {@code Unavailable}
 * outcome before anything is sent, so it can never repeat a create.
 */
final class UpstreamCircuit {

    static final String OPEN_REASON = "circuit open";
    private static final int TOO_MANY_REQUESTS = 429;
    private static final int THROTTLED = 153;

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
                // Without it a circuit only leaves OPEN when a call comes, so health and the state
                // gauge would go on saying OPEN on an instance that nobody calls.
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
        if (attempt.isUnavailable() && attempt.httpStatus() == 0 && notSentReason(attempt) || isThrottle(attempt)) {
            breaker.releasePermission();
        } else if (attempt.isUnavailable() || attempt.isOutcomeUnknown()) {
            breaker.onError(nanos, TimeUnit.NANOSECONDS, new UpstreamFailure());
        } else {
            breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
        }
    }

    private static boolean isThrottle(Attempt attempt) {
        return attempt.isUnavailable()
                && (attempt.httpStatus() == TOO_MANY_REQUESTS
                        || Integer.valueOf(THROTTLED).equals(attempt.retCode()));
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
