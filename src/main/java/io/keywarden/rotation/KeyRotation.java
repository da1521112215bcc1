package io.keywarden.rotation;

import io.keywarden.accesskey.AccessKeyQueries;
import io.keywarden.accesskey.AccessKeyView;
import io.keywarden.identity.Caller;
import io.keywarden.issuance.IdempotencyKey;
import io.keywarden.issuance.IssueCommand;
import io.keywarden.issuance.Issued;
import io.keywarden.issuance.KeyIssuer;
import io.keywarden.lease.LeasePolicy;
import java.time.Duration;
import org.springframework.stereotype.Service;

/**
 * Rotates a key: its successor is created for the same user and description by the very same
 * create protocol, and the old key retires after the grace period. A rotation refused before the
 * protocol starts (a bad idempotency key, a key the caller cannot see, a ttl over the maximum) is
 * thrown as a refusal, which the edge audits naming the key. The API and the console both rotate
 * through it.
 */
@Service
public class KeyRotation {

    private final AccessKeyQueries keys;
    private final KeyIssuer issuer;
    private final LeasePolicy leases;

    KeyRotation(AccessKeyQueries keys, KeyIssuer issuer, LeasePolicy leases) {
        this.keys = keys;
        this.issuer = issuer;
        this.leases = leases;
    }

    public Issued rotate(Caller caller, IdempotencyKey idempotencyKey, String accessKeyId, Duration ttl) {
        idempotencyKey.checked(); // first, as on every endpoint that issues a key
        AccessKeyView old = keys.get(caller, accessKeyId);
        Duration lease = leases.grantSuccessor(old, caller.name(), ttl);
        return issuer.issue(IssueCommand.rotate(caller, idempotencyKey, old, ttl, lease));
    }
}
