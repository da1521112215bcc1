package io.keywarden.accesskey;

import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditEntry;
import io.keywarden.audit.AuditLog;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.events.KeyEvent;
import io.keywarden.identity.Caller;
import io.keywarden.platform.web.OperatorReason;
import io.keywarden.upstream.UpstreamAccessKey;
import io.keywarden.upstream.UpstreamIamClient;
import io.keywarden.upstream.UpstreamKeyRevoker;
import io.keywarden.upstream.UpstreamKeyStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every change of a key's state, as other modules ask for it. Each command loads the key, makes
 * the move {@link AccessKey} allows (or throws its refusal) and saves the result, so which moves
 * a key may make is decided in that one place and nowhere else.
 *
 * <p>The commands that keep a key's row in line with what just happened elsewhere (a new key, a
 * successor recorded, a renewal, the upstream's own state) join the caller's transaction
 * ({@code MANDATORY}), so the row commits with the intent or the audit event that goes with it.
 * Those the upstream must make first (disable, enable, delete, and retiring, expiring and revoking
 * a key) call it with no database connection held and commit the row with its audit event
 * themselves ({@link UpstreamSteps}).
 *
 * <p>Every committed change publishes its {@link KeyEvent} in the transaction that saves it, so an
 * event exists if and only if its change committed: renewed, drift (the upstream's own state),
 * expiring, and, through {@link UpstreamSteps}, disabled, enabled, deleted, expired and revoked.
 * A new key's {@code key.issued} or {@code key.rotated} is issuance's to publish, with the answer
 * it records in the same transaction.
 */
@Service
public class KeyLifecycle {

    private final AccessKeyRepository keys;
    private final UpstreamSteps steps;
    private final UpstreamIamClient upstream;
    private final UpstreamKeyRevoker revoker;
    private final RotationTerms rotation;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    KeyLifecycle(
            AccessKeyRepository keys,
            UpstreamSteps steps,
            UpstreamIamClient upstream,
            UpstreamKeyRevoker revoker,
            RotationTerms rotation,
            AuditLog audit,
            ApplicationEventPublisher events,
            Clock clock) {
        this.keys = keys;
        this.steps = steps;
        this.upstream = upstream;
        this.revoker = revoker;
        this.rotation = rotation;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Records a key the upstream just created: one plain INSERT, batched with the other keys of a
     * group commit when the caller collects its writes.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(NewAccessKey key) {
        keys.insert(key, clock.instant());
    }

    /**
     * Locks the key until the transaction ends, so that attempts to rotate it queue. Taken before
     * anything else of a rotation is written, and so always in the same order.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void lockForRotation(String accessKeyId) {
        keys.findForUpdate(accessKeyId);
    }

    /**
     * Throws {@link KeyNotRotatableException} unless the key may be replaced by a successor now;
     * the key stays locked until the transaction ends.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void requireRotatable(String accessKeyId) {
        keys.findForUpdate(accessKeyId)
                .orElseThrow(() -> AccessKey.notRotatable(accessKeyId, "unknown"))
                .requireRotatable();
    }

    /**
     * The key's successor was recorded, in this same transaction: the key keeps working for the
     * grace period and is retired after it, and its own history says so
     * ({@code SUPERSEDE_ACCESS_KEY}; the successor's holds the {@code ROTATE_ACCESS_KEY} that made it).
     *
     * @param caller who rotated the key, in the request that did
     * @param successor the key that replaces it
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void supersede(Caller caller, String accessKeyId, String successor) {
        Optional<AccessKey> found = keys.findForUpdate(accessKeyId);
        if (found.isEmpty()) {
            return;
        }
        AccessKey key = found.get();
        Instant now = clock.instant();
        Instant retireAt = now.plus(rotation.gracePeriod());
        AccessKey superseded = keys.save(key, key.supersede(retireAt, now)).orElseThrow();
        audit.append(AuditEntry.of(caller, AuditAction.SUPERSEDE_ACCESS_KEY, AuditOutcome.SUCCEEDED)
                .user(key.userName())
                .key(accessKeyId)
                .detail("rotated: successor " + successor + "; status " + superseded.status() + " until " + retireAt));
    }

    /**
     * The client of a superseded key acknowledged its successor: the key retires now rather than
     * after its grace period, by the retirement job's next run (which disables, deletes and
     * audits it as any retirement). A key not superseded, or due already, is left as it is.
     *
     * @return the key's retireAt after the call, or empty when it has none (or is unknown)
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Instant> retireEarly(String accessKeyId) {
        Optional<AccessKey> found = keys.findForUpdate(accessKeyId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        AccessKey key = found.get();
        AccessKey early = key.retireEarly(clock.instant());
        if (early != key) {
            early = keys.save(key, early).orElseThrow();
        }
        return Optional.ofNullable(early.retireAt());
    }

    /**
     * Renews the key's lease within {@code bounds} ({@link AccessKey#renew}); the key's row is
     * locked meanwhile, so a renewal and the expiry job never both decide.
     *
     * @param requested the ttl asked for, or {@code null} for the lease the key was granted
     * @throws KeyNotRenewableException when the key's state does not allow a renewal
     * @throws LeaseTooLongException when the renewal would end past the maximum
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Renewal renew(String accessKeyId, Duration requested, LeaseBounds bounds) {
        AccessKey key = keys.findForUpdate(accessKeyId)
                .orElseThrow(() ->
                        new AccessKeyNotFoundException("No access key " + accessKeyId + " is visible to this client."));
        Instant now = clock.instant();
        AccessKey renewed = key.renew(requested, bounds, now);
        if (renewed == key) {
            return new Renewal(AccessKeyView.of(key), false);
        }
        AccessKey saved = keys.save(key, renewed).orElseThrow();
        events.publishEvent(KeyEvents.of(KeyEvent.Type.RENEWED, saved, now));
        return new Renewal(AccessKeyView.of(saved), true);
    }

    /**
     * What {@link #renew} would make of the key's lease if asked now, changing nothing: so that a
     * person sees the new expiry before they renew. The same rule decides, so a preview refuses
     * exactly what the renewal would.
     *
     * @param requested the ttl asked for, or {@code null} for the lease the key was granted
     * @return the key as the renewal would leave it (not saved), and whether its expiry would move
     * @throws KeyNotRenewableException when the key's state does not allow a renewal
     * @throws LeaseTooLongException when the renewal would end past the maximum
     */
    public Renewal previewRenewal(String accessKeyId, Duration requested, LeaseBounds bounds) {
        AccessKey key = keys.findByAccessKeyId(accessKeyId)
                .orElseThrow(() ->
                        new AccessKeyNotFoundException("No access key " + accessKeyId + " is visible to this client."));
        AccessKey renewed = key.renew(requested, bounds, clock.instant());
        return new Renewal(AccessKeyView.of(renewed), renewed != key);
    }

    /**
     * Where a renewal left a key.
     *
     * @param key the key after it
     * @param extended {@code false} when the key already expired later than asked and keeps its expiry
     */
    public record Renewal(AccessKeyView key, boolean extended) {}

    /**
     * Brings the user's keys that are not deleted in line with the upstream's list
     * ({@link AccessKey#alignWith}): a key it no longer lists is DELETED, one disabled or enabled
     * there by hand takes that state. A key that changed since it was read is left for the next pass.
     * Each key whose status changed publishes {@code key.drift}.
     *
     * @param upstream the keys the upstream lists for the user, by id
     * @return every such key of the user, each with the status recorded before
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<Aligned> alignWithUpstream(String userName, Map<String, UpstreamAccessKey> upstream) {
        Instant now = clock.instant();
        List<Aligned> aligned = new ArrayList<>();
        for (AccessKey key : keys.findLiveByUserName(userName)) {
            AccessKey moved = key.alignWith(upstream.get(key.accessKeyId()), now);
            AccessKey saved = moved == key ? key : keys.save(key, moved).orElse(key);
            if (saved.status() != key.status()) {
                events.publishEvent(KeyEvents.of(KeyEvent.Type.DRIFT, saved, now));
            }
            aligned.add(new Aligned(AccessKeyView.of(saved), key.status()));
        }
        return aligned;
    }

    /**
     * Adopts a key the upstream holds and keywarden has no record of, created in the window of the
     * acknowledged loss {@code lossId}: recorded with the upstream's status and creation time,
     * marked recovered after that loss, with no issuing client (unknown), audited {@code
     * RECONCILE_USER RECOVERED} with its user and key, and announced as {@code key.drift} (its
     * record now says what the upstream has), all in the caller's transaction. From then on it is
     * a managed key like any other: its lease, the age watch, rotation and deletion apply to it.
     *
     * @param lease the lease it is given, counted from now (see {@code docs/operating.md}), or
     *     {@code null} for none
     * @return the key as recorded; empty when another run recorded it meanwhile
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<AccessKeyView> adoptRecovered(
            String actor, String userName, UpstreamAccessKey found, long lossId, Duration lease) {
        Instant now = clock.instant();
        AccessKeyStatus status =
                found.status() == UpstreamKeyStatus.INACTIVE ? AccessKeyStatus.INACTIVE : AccessKeyStatus.ACTIVE;
        NewAccessKey key = new NewAccessKey(
                found.accessKeyId(),
                userName,
                found.userId(),
                found.description(),
                null,
                null,
                null,
                null,
                found.createdAt(),
                found.updatedAt(),
                lease == null ? null : now.plus(lease),
                lease);
        Optional<AccessKey> adopted = keys.insertRecovered(key, lossId, status, now);
        adopted.ifPresent(recorded -> {
            audit.append(AuditEntry.of(actor, AuditAction.RECONCILE_USER, AuditOutcome.RECOVERED)
                    .user(userName)
                    .key(recorded.accessKeyId())
                    .detail("a key upstream created " + found.createdAt() + ", in the window of acknowledged loss "
                            + lossId + ", that keywarden had no record of: adopted as recovered after the loss,"
                            + " issuing client unknown, status " + status + "; an operator reviews it"));
            events.publishEvent(KeyEvents.of(KeyEvent.Type.DRIFT, recorded, now));
        });
        return adopted.map(AccessKeyView::of);
    }

    /**
     * An operator reviewed a key recovered after a loss and keeps it as a managed key: audited
     * {@code REVIEW_RECOVERED_KEY} with their reason, in one transaction with the review. Once none
     * of its user's recovered keys awaits review, creates for the user are accepted again.
     *
     * @throws AccessKeyNotFoundException when keywarden has no record of the key
     * @throws RecoveryNotPendingException when the key was not recovered after a loss, or is reviewed already
     */
    @Transactional
    public AccessKeyView keepRecovered(Caller caller, String accessKeyId, String reason) {
        String checkedReason = OperatorReason.optional(reason);
        AccessKey key = keys.findForUpdate(accessKeyId)
                .orElseThrow(() -> new AccessKeyNotFoundException("No access key " + accessKeyId + " is known."));
        if (key.recovery() == null || key.recovery().reviewed() || key.status() == AccessKeyStatus.DELETED) {
            throw new RecoveryNotPendingException(key.accessKeyId(), key.userName(), key.recovery());
        }
        AccessKey reviewed = keys.markReviewed(accessKeyId, caller.name(), clock.instant())
                .orElseThrow(() -> new RecoveryNotPendingException(key.accessKeyId(), key.userName(), key.recovery()));
        audit.append(AuditEntry.of(caller, AuditAction.REVIEW_RECOVERED_KEY, AuditOutcome.SUCCEEDED)
                .user(key.userName())
                .key(accessKeyId)
                .detail("kept as a managed key, recovered after loss "
                        + key.recovery().lossId() + (checkedReason == null ? "" : "; reason: " + checkedReason)));
        return AccessKeyView.of(reviewed);
    }

    /**
     * A key of a user after {@link #alignWithUpstream}.
     *
     * @param key the key as it now stands
     * @param recorded its status before
     */
    public record Aligned(AccessKeyView key, AccessKeyStatus recorded) {

        /** Whether the upstream had it otherwise, and its record changed. */
        public boolean drifted() {
            return key.status() != recorded;
        }
    }

    /**
     * An operator disables the key, upstream first.
     *
     * @param reason the operator's reason or ticket, kept in the audit event; {@code null} or blank for none
     * @throws io.keywarden.platform.web.InvalidInputException when the reason is not an {@link OperatorReason}
     */
    public AccessKeyView disable(Caller caller, String accessKeyId, String reason) {
        UpstreamSteps.Audited audited = UpstreamSteps.Audited.byOperator(
                caller, AuditAction.DISABLE_ACCESS_KEY, OperatorReason.optional(reason));
        AccessKey key = steps.checked(audited, accessKeyId, AccessKey::disable);
        return steps.make(
                audited,
                key,
                AccessKey::disable,
                () -> upstream.updateAccessKeyStatus(accessKeyId, UpstreamKeyStatus.INACTIVE),
                KeyEvent.Type.DISABLED);
    }

    /** An operator enables the key, upstream first. */
    public AccessKeyView enable(Caller caller, String accessKeyId) {
        UpstreamSteps.Audited audited = UpstreamSteps.Audited.byOperator(caller, AuditAction.ENABLE_ACCESS_KEY, null);
        AccessKey key = steps.checked(audited, accessKeyId, AccessKey::enable);
        return steps.make(
                audited,
                key,
                AccessKey::enable,
                () -> upstream.updateAccessKeyStatus(accessKeyId, UpstreamKeyStatus.ACTIVE),
                KeyEvent.Type.ENABLED);
    }

    /**
     * An operator deletes the key, upstream first.
     *
     * @param reason the operator's reason or ticket, kept in the audit event; {@code null} or blank for none
     * @throws io.keywarden.platform.web.InvalidInputException when the reason is not an {@link OperatorReason}
     */
    public AccessKeyView delete(Caller caller, String accessKeyId, String reason) {
        UpstreamSteps.Audited audited = UpstreamSteps.Audited.byOperator(
                caller, AuditAction.DELETE_ACCESS_KEY, OperatorReason.optional(reason));
        AccessKey key = steps.checked(audited, accessKeyId, AccessKey::delete);
        return steps.make(
                audited,
                key,
                AccessKey::delete,
                () -> revoker.delete(key.userName(), accessKeyId),
                KeyEvent.Type.DELETED);
    }

    /**
     * Retires a superseded key whose grace period ended, audited {@code RETIRE_ACCESS_KEY}; its
     * event is {@code key.deleted} (its successor's {@code key.rotated} said it would go).
     */
    public AccessKeyView retire(String actor, String accessKeyId) {
        UpstreamSteps.Audited audited =
                UpstreamSteps.Audited.byJob(actor, AuditAction.RETIRE_ACCESS_KEY, AuditOutcome.SUCCEEDED);
        return takeOutOfService(
                audited, steps.checked(audited, accessKeyId, AccessKey::disable), KeyEvent.Type.DELETED);
    }

    /** Expires a key whose lease ended, audited {@code EXPIRE_ACCESS_KEY} {@code EXPIRED} with when it ended. */
    public AccessKeyView expire(String actor, String accessKeyId) {
        UpstreamSteps.Audited audited =
                UpstreamSteps.Audited.byJob(actor, AuditAction.EXPIRE_ACCESS_KEY, AuditOutcome.EXPIRED);
        AccessKey key = steps.checked(audited, accessKeyId, AccessKey::disable);
        return takeOutOfService(audited.detail("lease ended " + key.expiresAt()), key, KeyEvent.Type.EXPIRED);
    }

    /** Revokes a key for a bulk revocation, audited {@code REVOKE_ACCESS_KEY} with {@code reason}. */
    public AccessKeyView revoke(String actor, String accessKeyId, String reason) {
        UpstreamSteps.Audited audited = UpstreamSteps.Audited.byJob(
                        actor, AuditAction.REVOKE_ACCESS_KEY, AuditOutcome.SUCCEEDED)
                .detail(reason);
        return takeOutOfService(
                audited, steps.checked(audited, accessKeyId, AccessKey::disable), KeyEvent.Type.REVOKED);
    }

    /**
     * Takes a key out of service for good, for a reason of keywarden's own: disabled upstream
     * (unless it is already), then deleted, through the one upstream revoke routine. Each step is
     * recorded and audited on its own, so a step that fails is retried later and never skipped.
     * The last step, which leaves the key {@code DELETED}, publishes {@code completes}: once per key,
     * however many runs the steps took.
     */
    private AccessKeyView takeOutOfService(UpstreamSteps.Audited audited, AccessKey key, KeyEvent.Type completes) {
        String accessKeyId = key.accessKeyId();
        if (key.status() != AccessKeyStatus.INACTIVE) {
            steps.make(audited, key, AccessKey::disable, () -> revoker.disable(key.userName(), accessKeyId), null);
        }
        return steps.make(
                audited, key, AccessKey::delete, () -> revoker.delete(key.userName(), accessKeyId), completes);
    }

    /**
     * Raises {@code key.expiring} for the keys whose lease ends within {@code leadTime} from now and
     * for whose lease it was not raised yet, at most {@code limit} of them, in one transaction that
     * marks each key with the expiry it was raised for. Once per key and lease, whichever instance
     * or run claims it first; a renewal that moves the expiry makes a new lease to announce.
     *
     * @return how many keys it was raised for
     */
    @Transactional
    public int announceExpiring(Duration leadTime, int limit) {
        Instant now = clock.instant();
        List<AccessKey> claimed = keys.claimExpiring(now, now.plus(leadTime), limit);
        claimed.forEach(key -> events.publishEvent(KeyEvents.of(KeyEvent.Type.EXPIRING, key, now)));
        return claimed.size();
    }
}
