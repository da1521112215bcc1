package io.keywarden.accesskey;

import io.keywarden.accesskey.internal.AccessKey;
import io.keywarden.accesskey.internal.AccessKeyRepository;
import io.keywarden.accesskey.internal.UpstreamProblems;
import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditEntry;
import io.keywarden.audit.AuditLog;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.security.Caller;
import io.keywarden.upstream.UpstreamAccessKey;
import io.keywarden.upstream.UpstreamIamClient;
import io.keywarden.upstream.UpstreamKeyStatus;
import io.keywarden.upstream.UpstreamOutcome;
import io.keywarden.web.Problems;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An operator's disable, enable and delete of a key: the upstream first (UpdateAccessKey or
 * DeleteAccessKey, both safe to repeat, so the client retries them), then keywarden's record and
 * its audit event in one commit. Every attempt is audited, whatever the upstream answered, and no
 * database connection is held while the upstream is called.
 */
@Service
public class KeyAdministration {

    private final AccessKeyRepository keys;
    private final UpstreamIamClient upstream;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Clock clock;

    KeyAdministration(
            AccessKeyRepository keys,
            UpstreamIamClient upstream,
            AuditLog audit,
            TransactionTemplate transactions,
            Clock clock) {
        this.keys = keys;
        this.upstream = upstream;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    public AccessKeyView disable(Caller caller, String accessKeyId) {
        AccessKey key = existing(accessKeyId);
        return change(
                caller.name(),
                key,
                AuditAction.DISABLE_ACCESS_KEY,
                AccessKeyStatus.INACTIVE,
                () -> upstream.updateAccessKeyStatus(accessKeyId, UpstreamKeyStatus.INACTIVE));
    }

    public AccessKeyView enable(Caller caller, String accessKeyId) {
        AccessKey key = existing(accessKeyId);
        AccessKeyStatus restored = key.getRetireAt() != null ? AccessKeyStatus.ROTATING : AccessKeyStatus.ACTIVE;
        return change(
                caller.name(),
                key,
                AuditAction.ENABLE_ACCESS_KEY,
                restored,
                () -> upstream.updateAccessKeyStatus(accessKeyId, UpstreamKeyStatus.ACTIVE));
    }

    /**
     * Retires a superseded key: disables it upstream, then deletes it, each step recorded and
     * audited on its own, so a step that fails is retried on the next run and never skipped.
     */
    public AccessKeyView retire(String actor, String accessKeyId) {
        AccessKey key = existing(accessKeyId);
        if (key.getStatus() != AccessKeyStatus.INACTIVE) {
            change(
                    actor,
                    key,
                    AuditAction.RETIRE_ACCESS_KEY,
                    AccessKeyStatus.INACTIVE,
                    () -> goneIfAbsent(key, upstream.updateAccessKeyStatus(accessKeyId, UpstreamKeyStatus.INACTIVE)));
        }
        return change(
                actor,
                key,
                AuditAction.RETIRE_ACCESS_KEY,
                AccessKeyStatus.DELETED,
                () -> goneIfAbsent(key, upstream.deleteAccessKey(accessKeyId)));
    }

    public AccessKeyView delete(Caller caller, String accessKeyId) {
        AccessKey key = existing(accessKeyId);
        return change(
                caller.name(),
                key,
                AuditAction.DELETE_ACCESS_KEY,
                AccessKeyStatus.DELETED,
                () -> goneIfAbsent(key, upstream.deleteAccessKey(accessKeyId)));
    }

    private AccessKey existing(String accessKeyId) {
        AccessKey key = keys.findByAccessKeyId(accessKeyId)
                .orElseThrow(() -> Problems.notFound("No access key " + accessKeyId + " is known to keywarden."));
        if (key.getStatus() == AccessKeyStatus.DELETED) {
            throw Problems.conflict("key-deleted", "Key deleted", "Access key " + accessKeyId + " is deleted.");
        }
        return key;
    }

    private AccessKeyView change(
            String actor,
            AccessKey key,
            AuditAction action,
            AccessKeyStatus newStatus,
            Supplier<UpstreamOutcome<Void>> call) {
        UpstreamOutcome<Void> outcome = call.get();
        AuditEntry entry = AuditEntry.of(actor, action, outcomeOf(outcome))
                .user(key.getUserName())
                .key(key.getAccessKeyId())
                .upstream(retCodeOf(outcome), outcome.requestId());
        if (!(outcome instanceof UpstreamOutcome.Success)) {
            transactions.executeWithoutResult(tx -> audit.append(entry.detail(reasonOf(outcome))));
            throw UpstreamProblems.of(outcome);
        }
        return transactions.execute(tx -> {
            AccessKey fresh = keys.findByAccessKeyId(key.getAccessKeyId()).orElseThrow();
            fresh.changeStatus(newStatus, clock.instant());
            audit.append(entry.detail("status " + newStatus));
            return AccessKeyView.of(fresh);
        });
    }

    /** A change the upstream refused counts as done when the key is no longer listed at all. */
    private UpstreamOutcome<Void> goneIfAbsent(AccessKey key, UpstreamOutcome<Void> deleted) {
        if (!(deleted instanceof UpstreamOutcome.Rejected<Void>)) {
            return deleted;
        }
        UpstreamOutcome<List<UpstreamAccessKey>> listed = upstream.listAccessKeys(key.getUserName());
        if (listed instanceof UpstreamOutcome.Success<List<UpstreamAccessKey>> success
                && success.value().stream().noneMatch(k -> k.accessKeyId().equals(key.getAccessKeyId()))) {
            return new UpstreamOutcome.Success<>(null, deleted.requestId());
        }
        return deleted;
    }

    private static AuditOutcome outcomeOf(UpstreamOutcome<?> outcome) {
        if (outcome instanceof UpstreamOutcome.Success) {
            return AuditOutcome.SUCCEEDED;
        }
        if (outcome instanceof UpstreamOutcome.Rejected) {
            return AuditOutcome.REJECTED;
        }
        if (outcome instanceof UpstreamOutcome.Unavailable) {
            return AuditOutcome.UPSTREAM_UNAVAILABLE;
        }
        return AuditOutcome.OUTCOME_UNKNOWN;
    }

    private static Integer retCodeOf(UpstreamOutcome<?> outcome) {
        if (outcome instanceof UpstreamOutcome.Success) {
            return 0;
        }
        return outcome instanceof UpstreamOutcome.Rejected<?> rejected ? rejected.retCode() : null;
    }

    private static String reasonOf(UpstreamOutcome<?> outcome) {
        if (outcome instanceof UpstreamOutcome.Rejected<?> rejected) {
            return rejected.message();
        }
        if (outcome instanceof UpstreamOutcome.Unavailable<?> unavailable) {
            return unavailable.reason();
        }
        return outcome instanceof UpstreamOutcome.OutcomeUnknown<?> unknown ? unknown.reason() : null;
    }
}
