package io.keywarden.rotation;

import io.keywarden.accesskey.AccessKeyNotFoundException;
import io.keywarden.accesskey.AccessKeyQueries;
import io.keywarden.accesskey.AccessKeyRecords;
import io.keywarden.accesskey.AccessKeyView;
import io.keywarden.accesskey.KeyLease;
import io.keywarden.issuance.IssuanceKind;
import io.keywarden.issuance.IssueRequest;
import io.keywarden.issuance.IssueRequestRules;
import io.keywarden.issuance.Issued;
import io.keywarden.issuance.KeyIssuer;
import io.keywarden.lease.LeasePolicy;
import io.keywarden.security.Caller;
import java.time.Duration;
import org.springframework.stereotype.Service;

/**
 * Rotates a key: its successor is created for the same user and description by the very same
 * create protocol, and the old key retires after the grace period. A rotation refused before the
 * protocol starts (a bad idempotency key, a key the caller cannot see, a ttl over the maximum) is
 * thrown as a {@link io.keywarden.web.Refusal}, which the edge audits with the key of the route.
 * The API and the console both rotate through it.
 */
@Service
public class KeyRotation {

    private final IssueRequestRules rules;
    private final AccessKeyQueries keys;
    private final KeyIssuer issuer;
    private final LeasePolicy leases;
    private final AccessKeyRecords records;

    KeyRotation(
            IssueRequestRules rules,
            AccessKeyQueries keys,
            KeyIssuer issuer,
            LeasePolicy leases,
            AccessKeyRecords records) {
        this.rules = rules;
        this.keys = keys;
        this.records = records;
        this.issuer = issuer;
        this.leases = leases;
    }

    /**
     * Creates the successor of {@code accessKeyId} for the caller, under the caller's idempotency
     * key; the answer holds the successor's secret, to be shown once. The successor inherits the
     * old key's lease length (counted from its own creation) unless {@code ttl} asks for another,
     * either bounded by the maximums of the old key's creator and of the caller.
     */
    public Issued rotate(Caller caller, String idempotencyKey, String accessKeyId, Duration ttl) {
        String key = rules.idempotencyKey(idempotencyKey, true);
        AccessKeyView old = keys.get(caller, accessKeyId);
        KeyLease held = records.lease(old.accessKeyId()).orElseThrow(() -> notFound(accessKeyId));
        Duration lease = leases.grantSuccessor(held, caller.name(), ttl);
        return issuer.issue(new IssueRequest(
                caller, key, IssuanceKind.ROTATE, old.userName(), old.description(), old.accessKeyId(), ttl, lease));
    }

    private static AccessKeyNotFoundException notFound(String accessKeyId) {
        return new AccessKeyNotFoundException("No access key " + accessKeyId + " is visible to this client.");
    }
}
