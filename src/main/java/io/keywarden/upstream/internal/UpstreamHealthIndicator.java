package io.keywarden.upstream.internal;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * The upstream as operators see it ({@code upstream}): {@code DEGRADED} while the circuit is open,
 * UP otherwise, with the circuit's numbers in the details (shown to ADMIN only). It is read from
 * the circuit, which learns from the calls keywarden makes anyway; a probe never calls the
 * upstream. It is in no probe group, and {@code DEGRADED} is a status the overall health does not
 * aggregate: reads, audit search and the admin API work without the upstream, so an outage there
 * must not take every instance out of the load balancer at once.
 */
@Component
class UpstreamHealthIndicator implements HealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "The upstream circuit is open: creates answer 503");

    private final CircuitBreaker breaker;
    private final RateLimiter rateLimiter;
    private final UpstreamProperties properties;

    UpstreamHealthIndicator(UpstreamCircuit circuit, RateLimiter upstreamRateLimiter, UpstreamProperties properties) {
        this.breaker = circuit.breaker();
        this.rateLimiter = upstreamRateLimiter;
        this.properties = properties;
    }

    @Override
    public Health health() {
        CircuitBreaker.State state = breaker.getState();
        CircuitBreaker.Metrics metrics = breaker.getMetrics();
        Health.Builder health = switch (state) {
            case OPEN, FORCED_OPEN -> Health.status(DEGRADED);
            default -> Health.up();
        };
        return health.withDetail("host", properties.baseUrl().getHost())
                .withDetail("circuit", state.name())
                .withDetail("failureRate", metrics.getFailureRate())
                .withDetail("bufferedCalls", metrics.getNumberOfBufferedCalls())
                .withDetail("failedCalls", metrics.getNumberOfFailedCalls())
                .withDetail("notPermittedCalls", metrics.getNumberOfNotPermittedCalls())
                .withDetail("rateLimitPermits", rateLimiter.getMetrics().getAvailablePermissions())
                .build();
    }
}
