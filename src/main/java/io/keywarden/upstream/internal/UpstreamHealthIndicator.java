package io.keywarden.upstream.internal;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The upstream as the readiness probe sees it ({@code upstream}): DOWN while the circuit is
 * open, UP otherwise. It is read from the circuit, which learns from the calls keywarden makes
 * anyway; a probe never calls the upstream. Details (shown to ADMIN only) say why.
 */
@Component
class UpstreamHealthIndicator implements HealthIndicator {

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
            case OPEN, FORCED_OPEN -> Health.down();
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
