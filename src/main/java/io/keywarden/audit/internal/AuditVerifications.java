package io.keywarden.audit.internal;

import io.keywarden.events.AuditBroken;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Lets at most one walk of the audit chain run at a time on this instance. A walk holds a
 * database connection for as long as it reads, seconds at a million events, and any auditor may
 * ask for one: a caller who asks while a walk runs gets the latest finished result with its time
 * instead, or, before there is any, a refusal answered 429 with {@code Retry-After}. The hourly job waits its turn
 * and then walks, so its gauge always reflects a walk of its own. Walks are timed ({@code
 * keywarden.audit.verification.walks}). After a walk that found the chain intact, a checkpoint of
 * its head is signed, so what was verified is anchored outside the database at once; a walk that
 * found it not intact publishes {@code audit.broken} ({@link AuditBroken}).
 */
@Component
class AuditVerifications {

    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(AuditVerifications.class);

    private final AuditChainVerifier verifier;
    private final AuditCheckpoints checkpoints;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Timer walks;
    private final ReentrantLock walking = new ReentrantLock();
    private volatile AuditVerificationReport latest;

    AuditVerifications(
            AuditChainVerifier verifier,
            AuditCheckpoints checkpoints,
            ApplicationEventPublisher events,
            TransactionTemplate transactions,
            Clock clock,
            MeterRegistry registry) {
        this.verifier = verifier;
        this.checkpoints = checkpoints;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
        this.walks = Timer.builder("keywarden.audit.verification.walks")
                .description("Walks of the whole audit chain on this instance")
                .register(registry);
    }

    /** A walk now when none is running; otherwise the latest finished one, marked cached. */
    AuditVerificationReport walkOrLatest() {
        if (!walking.tryLock()) {
            AuditVerificationReport known = latest;
            if (known == null) {
                throw new VerificationRunningException();
            }
            return known.asCached();
        }
        try {
            return walk();
        } finally {
            walking.unlock();
        }
    }

    /** A walk of its own, after any walk already running. */
    AuditVerification walkInTurn() {
        walking.lock();
        try {
            return walk().asVerification();
        } finally {
            walking.unlock();
        }
    }

    Optional<AuditVerificationReport> latest() {
        return Optional.ofNullable(latest);
    }

    private AuditVerificationReport walk() {
        AuditVerification verification = walks.record(verifier::verify);
        if (verification.intact()) {
            checkpointQuietly();
        } else if (!verification.onlyBehind()) {
            // A log behind its signed checkpoint is not a broken chain: its own finding, metric and alert say so.
            publishBroken(verification);
        }
        AuditVerificationReport report = AuditVerificationReport.fresh(verification, clock.instant());
        latest = report;
        return report;
    }

    /**
     * Publishes what the walk found, in a transaction of its own (the walk changed nothing). The
     * walk's answer stands should the database not take the event: the job's run, its gauge and
     * its log line still say the chain is broken.
     */
    private void publishBroken(AuditVerification verification) {
        AuditBroken broken = new AuditBroken(
                clock.instant(),
                new AuditBroken.Data(
                        verification.firstBrokenEventId(), verification.eventsChecked(), verification.reason()));
        try {
            transactions.executeWithoutResult(tx -> events.publishEvent(broken));
        } catch (RuntimeException ex) {
            log.error("Could not publish audit.broken: {}", ex.getClass().getSimpleName());
        }
    }

    /** A failed checkpoint is already counted and shown by the sinks; the verification's answer stands. */
    private void checkpointQuietly() {
        try {
            checkpoints.checkpoint();
        } catch (RuntimeException ex) {
            log.warn("No checkpoint after the verification: {}", ex.getClass().getSimpleName());
        }
    }

    /** A walk is running and none has finished yet: there is nothing to answer with but "later". */
    static final class VerificationRunningException extends RuntimeException {
        VerificationRunningException() {
            super(
                    "A verification of the audit chain is running and none has finished yet; try again later.",
                    null,
                    false,
                    false);
        }
    }
}
