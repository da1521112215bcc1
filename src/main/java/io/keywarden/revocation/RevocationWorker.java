package io.keywarden.revocation;

import io.keywarden.accesskey.AccessKeyDeletedException;
import io.keywarden.accesskey.AccessKeyNotFoundException;
import io.keywarden.accesskey.KeyLifecycle;
import io.keywarden.jobs.JobResult;
import io.keywarden.jobs.ScheduledJob;
import io.keywarden.platform.web.PrintableText;
import io.keywarden.upstream.UpstreamFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Carries bulk revocations on, a job like the others (same runner, lock and history). Each run
 * claims one running revocation at a time for a lease, revokes its due keys in bounded batches
 * through the one upstream revoke routine (the upstream client's rate limit paces it), renews the
 * claim between batches and releases it at the end. A key that fails is retried later with a
 * growing wait and its reason kept, so a revocation keeps going through an upstream outage; a
 * crashed instance's claim runs out and any instance carries the revocation on from where it
 * stopped. See docs/architecture.md#bulk-revocation.
 */
@Component
class RevocationWorker extends ScheduledJob {

    static final String NAME = "revocation-worker";
    private static final int MAX_REASON = 500;
    private static final Logger log = LoggerFactory.getLogger(RevocationWorker.class);

    private final RevocationStore store;
    private final KeyLifecycle lifecycle;
    private final RevocationProperties properties;
    private final Clock clock;
    private final String worker;

    @Autowired
    RevocationWorker(RevocationStore store, KeyLifecycle lifecycle, RevocationProperties properties, Clock clock) {
        this(store, lifecycle, properties, clock, "worker-" + UUID.randomUUID());
    }

    RevocationWorker(
            RevocationStore store,
            KeyLifecycle lifecycle,
            RevocationProperties properties,
            Clock clock,
            String worker) {
        super(
                NAME,
                Duration.ofSeconds(10),
                "Carries bulk revocations on: revokes the due keys of one running revocation at a time, and tries"
                        + " the keys that failed again later.");
        this.store = store;
        this.lifecycle = lifecycle;
        this.properties = properties;
        this.clock = clock;
        this.worker = worker;
    }

    @Override
    public JobResult run() {
        JobResult total = JobResult.none();
        int budget = properties.keysPerRun();
        Set<UUID> workedOn = new HashSet<>();
        while (budget > 0) {
            Optional<RevocationStore.Claimed> claimed = store.claim(worker, properties.claimLease(), workedOn);
            if (claimed.isEmpty()) {
                break;
            }
            workedOn.add(claimed.get().id());
            JobResult done = carryOn(claimed.get(), budget);
            total = total.plus(done);
            budget -= Math.max(done.examined(), 1);
        }
        return total;
    }

    /** Works on a claimed revocation: up to {@code budget} due keys, then releases it. */
    JobResult carryOn(RevocationStore.Claimed revocation, int budget) {
        JobResult total = JobResult.none();
        try {
            total = revokeDue(revocation, budget);
            store.finishIfSettled(revocation.id());
        } finally {
            store.release(revocation.id(), worker);
        }
        return total;
    }

    /**
     * Revokes up to {@code budget} due keys, batch by batch, while this worker holds the claim. Only
     * keys due when it began are taken, so a key that fails is tried once per run at most, however
     * short its wait.
     */
    JobResult revokeDue(RevocationStore.Claimed revocation, int budget) {
        JobResult total = JobResult.none();
        Instant began = clock.instant();
        while (total.examined() < budget) {
            List<RevocationStore.PendingKey> batch =
                    store.due(revocation.id(), began, Math.min(properties.batchSize(), budget - total.examined()));
            for (RevocationStore.PendingKey key : batch) {
                total = total.plus(revoke(revocation, key));
            }
            if (batch.isEmpty() || !store.renew(revocation.id(), worker, properties.claimLease())) {
                break;
            }
        }
        return total;
    }

    private JobResult revoke(RevocationStore.Claimed revocation, RevocationStore.PendingKey key) {
        try {
            lifecycle.revoke(
                    revocation.requestedBy(),
                    key.accessKeyId(),
                    "revocation " + revocation.id() + ": " + revocation.reason());
            store.settled(revocation.id(), key.position(), RevocationKeyState.REVOKED, null, clock.instant());
            return JobResult.itemChanged();
        } catch (AccessKeyDeletedException | AccessKeyNotFoundException ex) {
            store.settled(revocation.id(), key.position(), RevocationKeyState.SKIPPED, null, clock.instant());
            return JobResult.itemUnchanged();
        } catch (UpstreamFailure ex) {
            int attempts = key.attempts() + 1;
            boolean giveUp = attempts >= properties.maxAttempts();
            Instant now = clock.instant();
            String reason = PrintableText.of(ex.getMessage(), MAX_REASON);
            store.failed(
                    revocation.id(), key.position(), reason, giveUp, now.plus(properties.backoffAfter(attempts)), now);
            log.warn(
                    "Revocation {} could not revoke key {} (attempt {}{}): {}",
                    revocation.id(),
                    key.accessKeyId(),
                    attempts,
                    giveUp ? ", given up" : "",
                    reason);
            return JobResult.itemFailed(key.accessKeyId() + ": " + reason);
        }
    }
}
