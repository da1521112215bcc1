package io.keywarden.rotation;

import io.keywarden.accesskey.AccessKeyNotFoundException;
import io.keywarden.accesskey.AccessKeyQueries;
import io.keywarden.accesskey.AccessKeyView;
import io.keywarden.accesskey.LeaseTooLongException;
import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditEntry;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.audit.RejectedAttempts;
import io.keywarden.issuance.IdempotencyKey;
import io.keywarden.issuance.IssueCommand;
import io.keywarden.issuance.Issued;
import io.keywarden.issuance.KeyIssuer;
import io.keywarden.lease.LeasePolicy;
import io.keywarden.security.Caller;
import io.keywarden.web.InvalidInputException;
import java.time.Duration;
import org.springframework.stereotype.Service;

/**
 * Rotates a key: its successor is created for the same user and description by the very same
 * create protocol, and the old key retires after the grace period. A rotation refused before the
 * protocol starts (a bad idempotency key, a key the caller cannot see, a ttl over the maximum) is
 * audited here, naming the key. The API and the console both rotate through it.
 */
@Service
public class KeyRotation {

    private final AccessKeyQueries keys;
    private final KeyIssuer issuer;
    private final RejectedAttempts rejectedAttempts;
    private final LeasePolicy leases;

    KeyRotation(AccessKeyQueries keys, KeyIssuer issuer, RejectedAttempts rejectedAttempts, LeasePolicy leases) {
        this.keys = keys;
        this.issuer = issuer;
        this.rejectedAttempts = rejectedAttempts;
        this.leases = leases;
    }

    /**
     * Creates the successor of {@code accessKeyId} for the caller, under the caller's idempotency
     * key; the answer holds the successor's secret, to be shown once. The successor inherits the
     * old key's lease length (counted from its own creation) unless {@code ttl} asks for another,
     * either bounded by the maximums of the old key's creator and of the caller.
     */
    public Issued rotate(Caller caller, IdempotencyKey idempotencyKey, String accessKeyId, Duration ttl) {
        AccessKeyView old;
        Duration lease;
        try {
            idempotencyKey.checked(); // first, as on every endpoint that issues a key
            old = keys.get(caller, accessKeyId);
            lease = leases.grantSuccessor(old, caller.name(), ttl);
        } catch (AccessKeyNotFoundException ex) {
            refused(
                    caller,
                    idempotencyKey,
                    accessKeyId,
                    ex.outOfScope() ? AuditOutcome.DENIED : AuditOutcome.INVALID,
                    ex);
            throw ex;
        } catch (InvalidInputException | LeaseTooLongException ex) {
            refused(caller, idempotencyKey, accessKeyId, AuditOutcome.INVALID, ex);
            throw ex;
        }
        return issuer.issue(IssueCommand.rotate(caller, idempotencyKey, old, ttl, lease));
    }

    private void refused(
            Caller caller,
            IdempotencyKey idempotencyKey,
            String accessKeyId,
            AuditOutcome outcome,
            RuntimeException refusal) {
        rejectedAttempts.record(AuditEntry.of(caller.name(), AuditAction.ROTATE_ACCESS_KEY, outcome)
                .key(accessKeyId)
                .idempotencyKey(idempotencyKey.audited())
                .detail(refusal.getMessage()));
    }
}
