package io.keywarden.rotation;

import io.keywarden.accesskey.AccessKeyView;
import io.keywarden.accesskey.KeyNotRotatableException;
import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditEntry;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.audit.RejectedAttempts;
import io.keywarden.events.KeyEvent;
import io.keywarden.identity.Caller;
import io.keywarden.identity.Role;
import io.keywarden.identity.UserNameGlob;
import io.keywarden.issuance.IdempotencyKey;
import io.keywarden.issuance.IssueCommand;
import io.keywarden.issuance.Issued;
import io.keywarden.issuance.KeyIssuer;
import io.keywarden.issuance.KeyLimitReachedException;
import io.keywarden.jobs.Job;
import io.keywarden.lease.LeasePolicy;
import io.keywarden.platform.web.Refusal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rotates one key by keywarden itself, for a client with {@code auto-rotate}: through the very
 * create protocol a caller's rotate goes through ({@link KeyIssuer}), as actor {@value Job#ACTOR},
 * with an idempotency key derived from the key's id alone ({@link #idempotencyKeyFor}). Two
 * instances, two runs or a run retried after a crash therefore ask for the same rotation: the
 * protocol lets one call the upstream, and the others replay its answer or find it in progress.
 * The successor is the predecessor's client's key; its secret is sealed to that client and kept
 * for it to fetch (the protocol does both).
 *
 * <p>A user at the upstream's key limit blocks the rotation: nothing is created, the refusal is
 * audited with the key, {@code key.rotation-blocked} is raised and the counter
 * {@code keywarden.rotation.automatic{outcome="blocked"}} counts it, for the alert. Every other
 * refusal is audited too, and the key is tried again on the next run.
 */
@Component
class AutoRotation {

    private static final Logger log = LoggerFactory.getLogger(AutoRotation.class);

    /**
     * Keywarden acting by itself: it may rotate the key of any user, and the audit names it
     * {@value Job#ACTOR}. Not a configured client: no token authenticates as it.
     */
    static final Caller KEYWARDEN = new Caller(Job.ACTOR, Set.of(Role.ISSUER), List.of(UserNameGlob.of("*")));

    /** What the idempotency key of a key's automatic rotation starts with; the key's id follows. */
    static final String IDEMPOTENCY_PREFIX = "auto-rotate:";

    /** What came of one key. */
    enum Outcome {
        /** This call made the successor. */
        ROTATED,
        /** An earlier call made it already (another instance, or a run cut short after the upstream call). */
        ROTATED_BEFORE,
        /** The user's key limit left no slot. */
        BLOCKED,
        /** Not rotated now (another call in progress, the key changed, a refusal or failure): tried next run. */
        NOT_NOW
    }

    private final KeyIssuer issuer;
    private final LeasePolicy leases;
    private final RejectedAttempts rejectedAttempts;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final MeterRegistry meters;

    AutoRotation(
            KeyIssuer issuer,
            LeasePolicy leases,
            RejectedAttempts rejectedAttempts,
            ApplicationEventPublisher events,
            TransactionTemplate transactions,
            Clock clock,
            MeterRegistry meters) {
        this.issuer = issuer;
        this.leases = leases;
        this.rejectedAttempts = rejectedAttempts;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
        this.meters = meters;
        for (Outcome outcome : Outcome.values()) {
            counter(outcome);
        }
    }

    /** The idempotency key of {@code accessKeyId}'s automatic rotation: the same wherever and however often it runs. */
    static String idempotencyKeyFor(String accessKeyId) {
        return IDEMPOTENCY_PREFIX + accessKeyId;
    }

    /** Rotates {@code key}, an ACTIVE key of an auto-rotating client past the maximum age. */
    Outcome rotate(AccessKeyView key) {
        String idempotencyKey = idempotencyKeyFor(key.accessKeyId());
        Outcome outcome;
        try {
            Duration lease = leases.grantSuccessor(key, KEYWARDEN.name(), null);
            Issued issued = issuer.issue(
                    IssueCommand.autoRotate(KEYWARDEN, IdempotencyKey.required(idempotencyKey), key, lease));
            outcome = issued.replayed() ? Outcome.ROTATED_BEFORE : Outcome.ROTATED;
            if (!issued.replayed()) {
                log.info(
                        "Rotated key {} of user {} for client {}: successor {}",
                        key.accessKeyId(),
                        key.userName(),
                        key.issuedBy(),
                        issued.key().accessKeyId());
            }
        } catch (KeyLimitReachedException ex) {
            blocked(key, idempotencyKey, ex);
            outcome = Outcome.BLOCKED;
        } catch (KeyNotRotatableException ex) {
            // Rotated, disabled or deleted since it was listed: nothing to do, and nothing was attempted.
            outcome = Outcome.NOT_NOW;
        } catch (RuntimeException ex) {
            if (ex instanceof Refusal refusal && refusal.refusal() != null) {
                audit(key, idempotencyKey, outcome(refusal.refusal()), ex.getMessage());
            }
            log.warn("Could not rotate key {} yet: {}", key.accessKeyId(), ex.getMessage());
            outcome = Outcome.NOT_NOW;
        }
        counter(outcome).increment();
        return outcome;
    }

    /**
     * No free slot: audited (keywarden's own refusal; the upstream's was audited with the attempt
     * it ended), announced, counted. Never silent.
     */
    private void blocked(AccessKeyView key, String idempotencyKey, KeyLimitReachedException ex) {
        log.warn(
                "Automatic rotation of key {} blocked: user {} is at the upstream's key limit",
                key.accessKeyId(),
                key.userName());
        if (ex.refusal() != null) {
            audit(key, idempotencyKey, outcome(ex.refusal()), ex.getMessage());
        }
        transactions.executeWithoutResult(tx -> events.publishEvent(new KeyEvent(
                KeyEvent.Type.ROTATION_BLOCKED,
                clock.instant(),
                new KeyEvent.Key(
                        key.accessKeyId(),
                        key.userName(),
                        key.issuedBy(),
                        key.status().name(),
                        key.expiresAt(),
                        key.rotatedFrom()))));
    }

    private void audit(AccessKeyView key, String idempotencyKey, AuditOutcome outcome, String detail) {
        rejectedAttempts.record(AuditEntry.of(KEYWARDEN, AuditAction.ROTATE_ACCESS_KEY, outcome)
                .user(key.userName())
                .key(key.accessKeyId())
                .idempotencyKey(idempotencyKey)
                .detail("automatic rotation for client " + key.issuedBy() + ": " + detail));
    }

    private static AuditOutcome outcome(Refusal.Kind kind) {
        return switch (kind) {
            case INVALID -> AuditOutcome.INVALID;
            case DENIED -> AuditOutcome.DENIED;
            case IN_PROGRESS -> AuditOutcome.IN_PROGRESS;
            case AWAITING_OPERATOR -> AuditOutcome.ORPHAN_AMBIGUOUS;
            case HALTED -> AuditOutcome.HALTED;
            case AWAITING_REVIEW -> AuditOutcome.AWAITING_REVIEW;
        };
    }

    private Counter counter(Outcome outcome) {
        return Counter.builder("keywarden.rotation.automatic")
                .description("Keys keywarden tried to rotate by itself, by what came of it")
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                .register(meters);
    }
}
