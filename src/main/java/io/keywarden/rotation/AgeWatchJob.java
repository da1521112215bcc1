package io.keywarden.rotation;

import io.keywarden.accesskey.AccessKeyQueries;
import io.keywarden.accesskey.RotationDue;
import io.keywarden.identity.AutoRotatingClients;
import io.keywarden.jobs.JobBatches;
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
 *
 * <p>Each run also rotates the due keys of the clients with {@code auto-rotate: true}
 * ({@link AutoRotation}), oldest record first; one that cannot be rotated now never stops the
 * others, and is tried again on the next run. The keys of every other client are only counted.
 */
@Component
class AgeWatchJob extends ScheduledJob {

    private static final Duration GAUGE_FRESHNESS = Duration.ofMinutes(1);
    private static final int BATCH = 100;
    private static final int MAX_PER_RUN = 1_000;

    private final AccessKeyQueries keys;
    private final RotationProperties rotation;
    private final Clock clock;
    private final AutoRotatingClients autoRotating;
    private final AutoRotation autoRotation;
    private volatile long lastCount;
    private volatile Instant countedAt = Instant.EPOCH;

    AgeWatchJob(
            AccessKeyQueries keys,
            RotationProperties rotation,
            Clock clock,
            MeterRegistry meters,
            AutoRotatingClients autoRotating,
            AutoRotation autoRotation) {
        super(
                "rotation-age-watch",
                Duration.ofMinutes(10),
                "Counts the active keys older than the rotation policy's maximum age, for the due-for-rotation"
                        + " figure and its metric, and rotates those of the clients with auto-rotate.");
        this.autoRotating = autoRotating;
        this.autoRotation = autoRotation;
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
        Instant cutoff = clock.instant().minus(rotation.maxAge());
        JobResult rotated = JobBatches.walk(
                0L,
                BATCH,
                MAX_PER_RUN,
                (after, size) -> keys.dueForAutoRotation(cutoff, autoRotating.names(), after, size),
                RotationDue::position,
                due -> switch (autoRotation.rotate(due.key())) {
                    case ROTATED -> JobResult.itemChanged();
                    case ROTATED_BEFORE -> JobResult.itemUnchanged();
                    case BLOCKED -> JobResult.itemFailed(due.key().accessKeyId() + ": key limit reached");
                    case NOT_NOW -> JobResult.itemFailed(due.key().accessKeyId() + ": not rotated, tried next run");
                });
        return new JobResult(
                (int) Math.min(count, Integer.MAX_VALUE), rotated.changed(), rotated.failed(), rotated.lastError());
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
