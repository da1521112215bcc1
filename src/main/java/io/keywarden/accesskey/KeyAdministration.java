package io.keywarden.accesskey;

import io.keywarden.accesskey.internal.AccessKey;
import io.keywarden.accesskey.internal.AccessKeyRepository;
import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditEntry;
import io.keywarden.audit.AuditLog;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.audit.RejectedAttempts;
import io.keywarden.security.Caller;
import io.keywarden.upstream.UpstreamIamClient;
import io.keywarden.upstream.UpstreamKeyRevoker;
import io.keywarden.upstream.UpstreamKeyStatus;
import io.keywarden.upstream.UpstreamOutcome;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An operator's disable, enable and delete of a key: the upstream first (UpdateAccessKey or
 * DeleteAccessKey, both safe to repeat, so the client retries them), then keywarden's record and
 * its audit event in one commit. Every attempt is audited with the key's id and user, whatever the
 * upstream answered; one refused because the key is unknown or deleted is audited by the edge on
 * an operator's route, and here for a job. No database connection is held while the upstream is
 * called.
 */
@Service
public class KeyAdministration {

    private static final String NOTHING_CHANGED = "nothing changed";
    private static final String CHANGE_MAY_HAVE_HAPPENED =
            "the change may or may not have happened. It is safe to repeat.";

    private final AccessKeyRepository keys;
    private final UpstreamIamClient upstream;
    private final UpstreamKeyRevoker revoker;
    private final AuditLog audit;
    private final RejectedAttempts rejectedAttempts;
    private final TransactionTemplate transactions;
    private final Clock clock;

    KeyAdministration(
            AccessKeyRepository keys,
            UpstreamIamClient upstream,
            UpstreamKeyRevoker revoker,
            AuditLog audit,
            RejectedAttempts rejectedAttempts,
            TransactionTemplate transactions,
            Clock clock) {
        this.keys = keys;
        this.upstream = upstream;
        this.revoker = revoker;
        this.audit = audit;
        this.rejectedAttempts = rejectedAttempts;
        this.transactions = transactions;
        this.clock = clock;
    }

    public AccessKeyView disable(Caller caller, String accessKeyId) {
        AccessKey key = existing(accessKeyId);
        return change(
                AuditEntry.of(caller, AuditAction.DISABLE_ACCESS_KEY, AuditOutcome.SUCCEEDED),
                key,
                AccessKeyStatus.INACTIVE,
                () -> upstream.updateAccessKeyStatus(accessKeyId, UpstreamKeyStatus.INACTIVE),
                null);
    }

    public AccessKeyView enable(Caller caller, String accessKeyId) {
        AccessKey key = existing(accessKeyId);
        return change(
                AuditEntry.of(caller, AuditAction.ENABLE_ACCESS_KEY, AuditOutcome.SUCCEEDED),
                key,
                AccessKeyStatus.enabled(key.retireAt()),
                () -> upstream.updateAccessKeyStatus(accessKeyId, UpstreamKeyStatus.ACTIVE),
                null);
    }

    /**
     * Retires a superseded key: disables it upstream, then deletes it, each step recorded and
     * audited on its own, so a step that fails is retried on the next run and never skipped.
     */
    public AccessKeyView retire(String actor, String accessKeyId) {
        return revoke(actor, accessKeyId, AuditAction.RETIRE_ACCESS_KEY, AuditOutcome.SUCCEEDED, null);
    }

    /**
     * Takes a key out of service for good, for a reason of keywarden's own (retirement, expiry, a
     * bulk revocation): disabled upstream, then deleted, through the one upstream revoke routine.
     * Each step is recorded and audited on its own as {@code action}, a done step with
     * {@code done} and {@code detail}, so a step that fails is retried later and never skipped. A
     * key that is unknown or deleted by now is refused, and the refusal audited here: it is a job's
     * attempt, which no request's refusal audit sees.
     */
    public AccessKeyView revoke(
            String actor, String accessKeyId, AuditAction action, AuditOutcome done, String detail) {
        AuditEntry attempt = AuditEntry.of(actor, action, done);
        AccessKey key;
        try {
            key = existing(accessKeyId);
        } catch (AccessKeyNotFoundException | AccessKeyDeletedException refusal) {
            rejectedAttempts.record(
                    attempt.outcome(AuditOutcome.INVALID).key(accessKeyId).detail(refusal.getMessage()));
            throw refusal;
        }
        if (key.status() != AccessKeyStatus.INACTIVE) {
            change(attempt, key, AccessKeyStatus.INACTIVE, () -> revoker.disable(key.userName(), accessKeyId), detail);
        }
        return change(attempt, key, AccessKeyStatus.DELETED, () -> revoker.delete(key.userName(), accessKeyId), detail);
    }

    public AccessKeyView delete(Caller caller, String accessKeyId) {
        AccessKey key = existing(accessKeyId);
        return change(
                AuditEntry.of(caller, AuditAction.DELETE_ACCESS_KEY, AuditOutcome.SUCCEEDED),
                key,
                AccessKeyStatus.DELETED,
                () -> revoker.delete(key.userName(), accessKeyId),
                null);
    }

    /** The key to act on; an unknown or deleted key is refused ({@link io.keywarden.web.Refusal}). */
    private AccessKey existing(String accessKeyId) {
        Optional<AccessKey> found = keys.findByAccessKeyId(accessKeyId);
        if (found.isEmpty()) {
            throw new AccessKeyNotFoundException("No access key " + accessKeyId + " is known to keywarden.");
        }
        if (found.get().status() == AccessKeyStatus.DELETED) {
            throw new AccessKeyDeletedException(accessKeyId);
        }
        return found.get();
    }

    /**
     * Calls the upstream, then records the key's new status with the event of {@code attempt}
     * (whose outcome is the one a done step gets), or, when the upstream did not act, audits why.
     */
    private AccessKeyView change(
            AuditEntry attempt,
            AccessKey key,
            AccessKeyStatus newStatus,
            Supplier<UpstreamOutcome<Void>> call,
            String detail) {
        UpstreamOutcome<Void> outcome = call.get();
        AuditEntry entry =
                UpstreamAudit.of(attempt, outcome).user(key.userName()).key(key.accessKeyId());
        if (!outcome.succeeded()) {
            AuditEntry failed = detail == null ? entry : entry.detail(detail + "; " + outcome.reason());
            transactions.executeWithoutResult(tx -> audit.append(failed));
            throw outcome.failure(NOTHING_CHANGED, CHANGE_MAY_HAVE_HAPPENED);
        }
        return transactions.execute(tx -> {
            AccessKey fresh = keys.changeStatus(key.accessKeyId(), newStatus, clock.instant())
                    .orElseThrow();
            audit.append(entry.outcome(attempt.outcome())
                    .detail(detail == null ? "status " + newStatus : detail + "; status " + newStatus));
            return AccessKeyView.of(fresh);
        });
    }
}
