package io.keywarden.lease.internal;

import io.keywarden.accesskey.AccessKeyNotFoundException;
import io.keywarden.accesskey.AccessKeyQueries;
import io.keywarden.accesskey.AccessKeyRecords;
import io.keywarden.accesskey.AccessKeyStatus;
import io.keywarden.accesskey.AccessKeyView;
import io.keywarden.accesskey.KeyLease;
import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditEntry;
import io.keywarden.audit.AuditLog;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.lease.LeasePolicy;
import io.keywarden.security.Caller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Renews a key's lease, as Vault renews a lease: the key now expires {@code ttl} from now (by
 * default the length it was granted), but never later than the maximum of its creator or of the
 * renewer measured from creation, and never earlier than it expires already (it then keeps its
 * expiry: the answer is the key unchanged). Only an ACTIVE key whose lease has not ended yet is
 * renewed; the key's row is locked meanwhile, so a renewal and the expiry job never both decide.
 * A renewal is audited here; a refused one is thrown as a {@link io.keywarden.web.Refusal}, which
 * the edge audits.
 */
@Service
class KeyRenewal {

    private final AccessKeyQueries queries;
    private final AccessKeyRecords records;
    private final LeasePolicy policy;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Clock clock;

    KeyRenewal(
            AccessKeyQueries queries,
            AccessKeyRecords records,
            LeasePolicy policy,
            AuditLog audit,
            TransactionTemplate transactions,
            Clock clock) {
        this.queries = queries;
        this.records = records;
        this.policy = policy;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    AccessKeyView renew(Caller caller, String accessKeyId, Duration ttl) {
        if (ttl != null) {
            LeasePolicy.requirePositive(ttl);
        }
        AccessKeyView visible = queries.get(caller, accessKeyId);
        return transactions.execute(tx -> renewLocked(caller, visible, ttl));
    }

    private AccessKeyView renewLocked(Caller caller, AccessKeyView visible, Duration ttl) {
        KeyLease key = records.lockLease(visible.accessKeyId())
                .orElseThrow(() -> new AccessKeyNotFoundException(
                        "No access key " + visible.accessKeyId() + " is visible to this client."));
        Instant now = clock.instant();
        requireRenewable(key, now);
        LeasePolicy.Renewal renewal = policy.renewal(key, caller.name(), ttl, now);
        AuditEntry renewed = AuditEntry.of(caller, AuditAction.RENEW_ACCESS_KEY, AuditOutcome.SUCCEEDED)
                .user(key.userName())
                .key(key.accessKeyId());
        if (!renewal.extended()) {
            // A renewal never moves expiry earlier: the key keeps the later expiry it has.
            audit.append(renewed.detail("expiresAt " + key.expiresAt() + " kept: it is later than this renewal"
                    + " asked for, and a renewal never moves expiry earlier"));
            return queries.get(caller, key.accessKeyId());
        }
        AccessKeyView view = records.renew(key.accessKeyId(), renewal.expiresAt());
        audit.append(renewed.detail("expiresAt " + renewal.expiresAt()));
        return view;
    }

    private static void requireRenewable(KeyLease key, Instant now) {
        if (key.status() != AccessKeyStatus.ACTIVE) {
            throw new KeyNotRenewableException(
                    "Key " + key.accessKeyId() + " is " + key.status() + ": only an ACTIVE key's lease is renewed.",
                    key.status());
        }
        if (key.expiresAt() == null) {
            throw new KeyNotRenewableException(
                    "Key " + key.accessKeyId() + " has no lease: it lives until rotated or deleted.", key.status());
        }
        if (!now.isBefore(key.expiresAt())) {
            throw new KeyNotRenewableException(
                    "The lease of key " + key.accessKeyId() + " ended at " + key.expiresAt() + "; it is being revoked.",
                    key.status());
        }
    }
}
