package io.keywarden.lease.internal;

import io.keywarden.accesskey.AccessKeyDeletedException;
import io.keywarden.accesskey.AccessKeyNotFoundException;
import io.keywarden.accesskey.AccessKeyQueries;
import io.keywarden.accesskey.ExpiryDue;
import io.keywarden.accesskey.KeyLifecycle;
import io.keywarden.events.EventsProperties;
import io.keywarden.jobs.JobBatches;
import io.keywarden.jobs.JobResult;
import io.keywarden.jobs.ScheduledJob;
import io.keywarden.upstream.UpstreamFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Ends leases: each key whose {@code expiresAt} has passed is disabled upstream, then deleted,
 * then recorded {@code DELETED}, each step audited {@code EXPIRED}, oldest expiry first. A key
 * whose step fails stays due and is tried again on the next run; one failure never stops the
 * others. A run handles at most {@link #MAX_PER_RUN} keys, so that at the upstream's rate limit it
 * ends well within its lock (docs/operating.md#leases).
 *
 * <p>Each run first raises {@code key.expiring} for the leases that end within
 * {@code keywarden.events.expiring-lead-time} ({@link KeyLifecycle#announceExpiring}), once per key
 * and lease however many runs or instances see it.
 */
@Component
class LeaseExpiryJob extends ScheduledJob {

    static final String NAME = "lease-expiry";
    static final int MAX_PER_RUN = 1_000;
    private static final int BATCH = 100;
    private static final Logger log = LoggerFactory.getLogger(LeaseExpiryJob.class);

    private final AccessKeyQueries keys;
    private final KeyLifecycle lifecycle;
    private final LeaseMetrics metrics;
    private final Duration expiringLeadTime;
    private final Clock clock;

    LeaseExpiryJob(
            AccessKeyQueries keys, KeyLifecycle lifecycle, LeaseMetrics metrics, EventsProperties events, Clock clock) {
        super(
                NAME,
                Duration.ofMinutes(1),
                "Ends the leases that have run out: disables each such key upstream, then deletes it, oldest lease"
                        + " end first, at most " + MAX_PER_RUN + " keys a run. Raises key.expiring first for the"
                        + " leases about to end.");
        this.keys = keys;
        this.lifecycle = lifecycle;
        this.metrics = metrics;
        this.expiringLeadTime = events.expiringLeadTime();
        this.clock = clock;
    }

    @Override
    public JobResult run() {
        JobResult announcing = announceExpiring();
        Instant now = clock.instant();
        return announcing.plus(JobBatches.walk(
                ExpiryDue.start(),
                BATCH,
                MAX_PER_RUN,
                (after, size) -> keys.expiredBy(now, after, size),
                due -> due,
                this::expire));
    }

    /**
     * Raises {@code key.expiring} for the leases about to end. A failure here never keeps a lease
     * that ended from ending: it counts as one failed item, and the next run tries again.
     */
    private JobResult announceExpiring() {
        try {
            int announced = lifecycle.announceExpiring(expiringLeadTime, MAX_PER_RUN);
            if (announced > 0) {
                log.info("Raised key.expiring for {} keys whose lease ends within {}", announced, expiringLeadTime);
            }
            return JobResult.none();
        } catch (RuntimeException ex) {
            log.warn("Could not raise key.expiring this run: {}", ex.getClass().getSimpleName());
            return JobResult.itemFailed("key.expiring: " + ex.getClass().getSimpleName());
        }
    }

    private JobResult expire(ExpiryDue key) {
        try {
            lifecycle.expire(ACTOR, key.accessKeyId());
            metrics.revoked(key.expiresAt());
            log.info("Expired key {} of user {} (lease ended {})", key.accessKeyId(), key.userName(), key.expiresAt());
            return JobResult.itemChanged();
        } catch (UpstreamFailure | AccessKeyNotFoundException | AccessKeyDeletedException ex) {
            log.warn("Could not expire key {} yet: {}", key.accessKeyId(), ex.getMessage());
            return JobResult.itemFailed(key.accessKeyId() + ": " + ex.getMessage());
        }
    }
}
