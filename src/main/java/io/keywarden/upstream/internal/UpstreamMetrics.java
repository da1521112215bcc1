package io.keywarden.upstream.internal;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.keywarden.upstream.UpstreamOutcome;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * The upstream's meters: a latency histogram per call ({@code keywarden.upstream.calls}, tagged
 * with the action, how the call came out and the upstream's RetCode), the circuit's state and
 * failure rate, and the rate limiter's free permits and waiting threads. Every tag value comes
 * from a short fixed list or from the upstream's RetCode, never from a user or key.
 */
@Component
class UpstreamMetrics implements UpstreamCallObserver {

    private final MeterRegistry registry;

    UpstreamMetrics(MeterRegistry registry, UpstreamCircuit circuit, RateLimiter upstreamRateLimiter) {
        this.registry = registry;
        CircuitBreaker breaker = circuit.breaker();
        for (CircuitBreaker.State state : CircuitBreaker.State.values()) {
            Gauge.builder("keywarden.upstream.circuit.state", breaker, b -> b.getState() == state ? 1 : 0)
                    .description("1 for the circuit's current state, 0 for the others")
                    .tag("state", state.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
        Gauge.builder(
                        "keywarden.upstream.circuit.failure.rate",
                        breaker,
                        b -> b.getMetrics().getFailureRate())
                .description("Failed attempts in the circuit's window, percent (-1 until it has enough calls)")
                .baseUnit("percent")
                .register(registry);
        Gauge.builder(
                        "keywarden.upstream.limiter.available.permissions",
                        upstreamRateLimiter,
                        l -> l.getMetrics().getAvailablePermissions())
                .description("Upstream rate-limit permits free right now")
                .register(registry);
        Gauge.builder(
                        "keywarden.upstream.limiter.waiting.threads",
                        upstreamRateLimiter,
                        l -> l.getMetrics().getNumberOfWaitingThreads())
                .description("Threads waiting for an upstream rate-limit permit")
                .register(registry);
    }

    @Override
    public void called(UpstreamAction action, UpstreamOutcome<?> outcome, Integer retCode, Duration duration) {
        Timer.builder("keywarden.upstream.calls")
                .description("Upstream calls, all attempts of each included")
                .tag("action", action.wireName())
                .tag("outcome", outcome(outcome))
                .tag("ret_code", retCode == null ? "none" : Integer.toString(retCode))
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry)
                .record(duration);
    }

    private static String outcome(UpstreamOutcome<?> outcome) {
        if (outcome.kind() == UpstreamOutcome.Kind.UNAVAILABLE
                && UpstreamCircuit.OPEN_REASON.equals(outcome.reason())) {
            return "circuit_open";
        }
        return outcome.kind().name().toLowerCase(Locale.ROOT);
    }
}
