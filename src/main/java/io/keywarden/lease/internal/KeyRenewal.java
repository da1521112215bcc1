package io.keywarden.lease.internal;

import io.keywarden.accesskey.AccessKeyQueries;
import io.keywarden.accesskey.AccessKeyView;
import io.keywarden.accesskey.KeyLifecycle;
import io.keywarden.accesskey.LeaseBounds;
import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditEntry;
import io.keywarden.audit.AuditLog;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.audit.IssuanceHold;
import io.keywarden.identity.Caller;
import io.keywarden.lease.LeasePolicy;
import io.keywarden.lease.LeaseRenewals;
import java.time.Duration;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Renews a key's lease, as Vault renews a lease: the key now expires {@code ttl} from now (by
 * default the length it was granted), but never later than the maximum of its creator or of the
 * renewer measured from creation, and never earlier than it expires already (it then keeps its
 * expiry: the answer is the key unchanged). The key decides whether it may be renewed
 * ({@link KeyLifecycle#renew}); this policy gives the bounds. A renewal is audited here; a refused
 * one is thrown as a {@link io.keywarden.platform.web.Refusal}, which the edge audits. No lease is
 * extended while the database is behind its signed audit checkpoint ({@link IssuanceHold}).
 */
@Service
class KeyRenewal implements LeaseRenewals {

    private final AccessKeyQueries queries;
    private final KeyLifecycle lifecycle;
    private final LeasePolicy policy;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final IssuanceHold hold;

    KeyRenewal(
            AccessKeyQueries queries,
            KeyLifecycle lifecycle,
            LeasePolicy policy,
            AuditLog audit,
            TransactionTemplate transactions,
            IssuanceHold hold) {
        this.queries = queries;
        this.lifecycle = lifecycle;
        this.policy = policy;
        this.audit = audit;
        this.transactions = transactions;
        this.hold = hold;
    }

    @Override
    public AccessKeyView renew(Caller caller, String accessKeyId, Duration ttl) {
        hold.requireNone();
        if (ttl != null) {
            LeasePolicy.requirePositive(ttl);
        }
        AccessKeyView visible = queries.get(caller, accessKeyId);
        LeaseBounds bounds = policy.renewalBounds(visible, caller.name());
        return transactions.execute(tx -> renew(caller, visible, ttl, bounds));
    }

    @Override
    public Preview preview(Caller caller, String accessKeyId, Duration ttl) {
        if (ttl != null) {
            LeasePolicy.requirePositive(ttl);
        }
        AccessKeyView visible = queries.get(caller, accessKeyId);
        KeyLifecycle.Renewal renewal =
                lifecycle.previewRenewal(visible.accessKeyId(), ttl, policy.renewalBounds(visible, caller.name()));
        return new Preview(visible, renewal.key().expiresAt(), renewal.extended());
    }

    private AccessKeyView renew(Caller caller, AccessKeyView visible, Duration ttl, LeaseBounds bounds) {
        KeyLifecycle.Renewal renewal = lifecycle.renew(visible.accessKeyId(), ttl, bounds);
        AccessKeyView key = renewal.key();
        AuditEntry renewed = AuditEntry.of(caller, AuditAction.RENEW_ACCESS_KEY, AuditOutcome.SUCCEEDED)
                .user(key.userName())
                .key(key.accessKeyId());
        // A renewal never moves expiry earlier: a key that expires later than asked keeps its expiry.
        audit.append(renewed.detail(
                renewal.extended()
                        ? "expiresAt " + key.expiresAt()
                        : "expiresAt " + key.expiresAt() + " kept: it is later than this renewal"
                                + " asked for, and a renewal never moves expiry earlier"));
        return key;
    }
}
