package io.keywarden.rotation;

import io.keywarden.accesskey.AccessKeyQueries;
import io.keywarden.jobs.JobResult;
import io.keywarden.jobs.ScheduledJob;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * Watches key ages: the gauge {@code keywarden.keys.due.for.rotation} counts the active keys
 * older than {@code keywarden.rotation.max-age} (from the database, so every instance reports the
 * same number; at most once a minute), and each run logs the count. Teams find their own due
 * keys with {@code GET /v1/access-keys?dueForRotation=true}.
 */
@Component
class AgeWatchJob extends ScheduledJob {

    private static final Duration GAUGE_FRESHNESS = Duration.ofMinutes(1);

    private final AccessKeyQueries keys;
    private final RotationProperties rotation;
    private final Clock clock;
    private volatile long lastCount;
    private volatile Instant countedAt = Instant.EPOCH;

    AgeWatchJob(AccessKeyQueries keys, RotationProperties rotation, Clock clock, MeterRegistry meters) {
        super(
                "rotation-age-watch",
                Duration.ofMinutes(10),
                "Counts the active keys older than the rotation policy's maximum age, for the due-for-rotation"
                        + " figure and its metric; it changes nothing.");
        this.keys = keys;
        this.rotation = rotation;
        this.clock = clock;
        Gauge.builder("keywarden.keys.due.for.rotation", this, AgeWatchJob::dueForGauge)
                .description("Active keys older than keywarden.rotation.max-age")
                .register(meters);
    }

    @Override
    public JobResult run() {
        long count = count();
        return new JobResult((int) Math.min(count, Integer.MAX_VALUE), 0, 0, null);
    }

    private double dueForGauge() {
        if (countedAt.plus(GAUGE_FRESHNESS).isBefore(clock.instant())) {
            count();
        }
        return lastCount;
    }

    private long count() {
        Instant now = clock.instant();
        lastCount = keys.countActiveCreatedBefore(now.minus(rotation.maxAge()));
        countedAt = now;
        return lastCount;
    }
}
