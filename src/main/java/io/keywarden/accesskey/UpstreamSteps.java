package io.keywarden.accesskey;

import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditEntry;
import io.keywarden.audit.AuditLog;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.audit.RejectedAttempts;
import io.keywarden.events.KeyEvent;
import io.keywarden.identity.Caller;
import io.keywarden.upstream.UpstreamOutcome;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The moves of a key that the upstream makes first (disable, enable, delete): the move is
 * checked on the key, the upstream is called with no database connection held (UpdateAccessKey
 * and DeleteAccessKey are safe to repeat, so the client retries them), then the move is made on
 * the key's locked row and saved with its audit event in one commit. Every attempt is audited with
 * the key's id and user, whatever the upstream answered, also one refused because the key is
 * unknown or its state does not allow the move. A step that completes a move publishes its
 * {@link KeyEvent} in that same commit.
 */
@Component
class UpstreamSteps {

    private static final String NOTHING_CHANGED = "nothing changed";
    private static final String CHANGE_MAY_HAVE_HAPPENED =
            "the change may or may not have happened. It is safe to repeat.";

    /** A move of {@link AccessKey} made at a moment. */
    interface Move {
        AccessKey apply(AccessKey key, Instant now);
    }

    /**
     * What is audited of a step that was made.
     *
     * @param attempt the event of a step made: who acts, in which request, the action, and the
     *     outcome a done step gets
     * @param detail said before the key's new status, or {@code null}
     * @param auditsRefusals whether a refusal is audited here: for keywarden's own jobs, which no
     *     route's refusal audit sees; an operator's refusal is audited at the edge, like every
     *     refusal on an audited route
     */
    record Audited(AuditEntry attempt, String detail, boolean auditsRefusals) {

        /**
         * An operator's step, audited {@code SUCCEEDED} with the key's new status, after the
         * operator's reason when they gave one.
         *
         * @param reason the operator's reason or ticket, checked; {@code null} for none
         */
        static Audited byOperator(Caller caller, AuditAction action, String reason) {
            return new Audited(
                    AuditEntry.of(caller, action, AuditOutcome.SUCCEEDED),
                    reason == null ? null : "reason: " + reason,
                    false);
        }

        /** A job's step, audited {@code done} with the key's new status. */
        static Audited byJob(String actor, AuditAction action, AuditOutcome done) {
            return new Audited(AuditEntry.of(actor, action, done), null, true);
        }

        Audited detail(String value) {
            return new Audited(attempt, value, auditsRefusals);
        }
    }

    private final AccessKeyRepository keys;
    private final AuditLog audit;
    private final RejectedAttempts rejectedAttempts;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    UpstreamSteps(
            AccessKeyRepository keys,
            AuditLog audit,
            RejectedAttempts rejectedAttempts,
            TransactionTemplate transactions,
            ApplicationEventPublisher events,
            Clock clock) {
        this.keys = keys;
        this.audit = audit;
        this.rejectedAttempts = rejectedAttempts;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
    }

    /**
     * The key to act on, when the move is allowed on it as it stands. An unknown key, or a move its
     * state refuses, is refused before the upstream is called; a job's refusal is audited here with
     * the key's id (and its user, when keywarden knows the key).
     */
    AccessKey checked(Audited audited, String accessKeyId, Move move) {
        Optional<AccessKey> found = keys.findByAccessKeyId(accessKeyId);
        if (found.isEmpty()) {
            throw refused(
                    audited,
                    accessKeyId,
                    null,
                    new AccessKeyNotFoundException("No access key " + accessKeyId + " is known to keywarden."));
        }
        try {
            move.apply(found.get(), clock.instant());
        } catch (AccessKeyDeletedException ex) {
            throw refused(audited, accessKeyId, found.get().userName(), ex);
        }
        return found.get();
    }

    /**
     * Makes one step: the upstream's call, then, when it succeeded, the move on the key's locked row,
     * saved with its audit event and, when the step completes a move, its domain event. A failed
     * call is audited and thrown; nothing is recorded and nothing published.
     *
     * @param completes the event of the move this step completes; {@code null} for a step the
     *     move's last step follows
     */
    AccessKeyView make(
            Audited audited, AccessKey key, Move move, Supplier<UpstreamOutcome<Void>> call, KeyEvent.Type completes) {
        UpstreamOutcome<Void> outcome = call.get();
        AuditEntry entry = UpstreamAudit.of(audited.attempt(), outcome)
                .user(key.userName())
                .key(key.accessKeyId());
        if (!outcome.succeeded()) {
            AuditEntry failed =
                    audited.detail() == null ? entry : entry.detail(audited.detail() + "; " + outcome.reason());
            transactions.executeWithoutResult(tx -> audit.append(failed));
            throw outcome.failure(NOTHING_CHANGED, CHANGE_MAY_HAVE_HAPPENED);
        }
        try {
            return transactions.execute(tx -> {
                AccessKey locked = keys.findForUpdate(key.accessKeyId()).orElseThrow();
                Instant now = clock.instant();
                AccessKey moved = keys.save(locked, move.apply(locked, now)).orElseThrow();
                if (completes != null) {
                    events.publishEvent(KeyEvents.of(completes, moved, now));
                }
                String status = "status " + moved.status();
                audit.append(entry.outcome(audited.attempt().outcome())
                        .detail(audited.detail() == null ? status : audited.detail() + "; " + status));
                return AccessKeyView.of(moved);
            });
        } catch (AccessKeyDeletedException ex) {
            // Deleted while the upstream was called: the move no longer applies, and is not recorded.
            throw refused(audited, key.accessKeyId(), key.userName(), ex);
        }
    }

    private RuntimeException refused(Audited audited, String accessKeyId, String userName, RuntimeException refusal) {
        if (audited.auditsRefusals()) {
            rejectedAttempts.record(audited.attempt()
                    .outcome(AuditOutcome.INVALID)
                    .user(userName)
                    .key(accessKeyId)
                    .detail(refusal.getMessage()));
        }
        return refusal;
    }
}
