package io.keywarden.lease.internal;

import io.keywarden.accesskey.AccessKeyQueries;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * What operators watch of leases, read from the database so every instance reports the same
 * numbers: keys whose lease ends within a day, and the expiry lag, how long ago the lease of the
 * oldest key still not revoked ended (0 when none is overdue). The lag grows whether the job is
 * slow, failing or not running at all, which is what the alert on it needs. Each key the job
 * revokes also records its own lag. Gauges are read at most every {@link #FRESHNESS}.
 */
@Component
class LeaseMetrics {

    static final Duration FRESHNESS = Duration.ofSeconds(15);
    private static final Duration DAY = Duration.ofDays(1);
    private static final Logger log = LoggerFactory.getLogger(LeaseMetrics.class);

    private final AccessKeyQueries keys;
    private final Clock clock;
    private final DistributionSummary revocationLag;
    private volatile Reading last = new Reading(Instant.EPOCH, 0, 0);

    LeaseMetrics(AccessKeyQueries keys, Clock clock, MeterRegistry meters) {
        this.keys = keys;
        this.clock = clock;
        Gauge.builder(
                        "keywarden.leases.expiring.within.day",
                        this,
                        metrics -> metrics.read().expiringWithinDay())
                .description("Keys not gone yet whose lease ends within the next 24 hours")
                .register(meters);
        Gauge.builder(
                        "keywarden.leases.expiry.lag",
                        this,
                        metrics -> metrics.read().lagSeconds())
                .description("How long ago the lease of the oldest key not yet revoked ended; 0 when none is overdue")
                .baseUnit("seconds")
                .register(meters);
        this.revocationLag = DistributionSummary.builder("keywarden.leases.revocation.lag")
                .description("For each key the lease-expiry job revoked, how long after its lease ended")
                .baseUnit("seconds")
                .register(meters);
    }

    /** The job revoked a key whose lease ended at {@code expiresAt}. */
    void revoked(Instant expiresAt) {
        revocationLag.record(
                Math.max(0, Duration.between(expiresAt, clock.instant()).toMillis() / 1000.0));
    }

    private Reading read() {
        Instant now = clock.instant();
        Reading reading = last;
        if (reading.at().plus(FRESHNESS).isAfter(now)) {
            return reading;
        }
        try {
            long expiring = keys.countExpiringBetween(now, now.plus(DAY));
            double lag = keys.oldestOverdueExpiry(now)
                    .map(oldest -> Duration.between(oldest, now).toMillis() / 1000.0)
                    .orElse(0.0);
            reading = new Reading(now, expiring, lag);
            last = reading;
        } catch (DataAccessException ex) {
            log.warn("Could not read the lease metrics: {}", ex.getClass().getSimpleName());
        }
        return reading;
    }

    private record Reading(Instant at, long expiringWithinDay, double lagSeconds) {}
}
