package io.keywarden.issuance.internal;

import io.keywarden.identity.Caller;
import java.time.Duration;

/**
 * A request to issue a key, admitted by the protocol from an {@link io.keywarden.issuance.IssueCommand}:
 * its inputs valid and in the caller's scope, its lease granted. What the intent, the replay binding
 * and the record are written from. Its fingerprint is taken once, as it is admitted, and travels
 * with it to the claim and the replay binding.
 *
 * @param caller who asks
 * @param idempotencyKey the caller's key for safe retries, or {@code null} where that is optional
 * @param kind create or rotate
 * @param userName the upstream user the key is for
 * @param description the caller's remark, or {@code null}
 * @param rotatedFrom the key being replaced, for a rotation
 * @param ttl the lease the caller asked for, or {@code null}; part of the request's fingerprint
 * @param lease the lease granted (the ttl, or the default its client gets), or {@code null} for a
 *     key that lives until rotated or deleted
 * @param fingerprint what the request asks for, as {@link RequestFingerprint} reads it
 * @param issuedTo the client the key is issued to (recorded as its issuer, its secret sealed to
 *     that client's key): the caller, except for an automatic rotation
 */
record IssueRequest(
        Caller caller,
        String idempotencyKey,
        IssuanceKind kind,
        String userName,
        String description,
        String rotatedFrom,
        Duration ttl,
        Duration lease,
        String fingerprint,
        String issuedTo) {

    /** An admitted request, fingerprinted from what it asks for. */
    IssueRequest(
            Caller caller,
            String idempotencyKey,
            IssuanceKind kind,
            String userName,
            String description,
            String rotatedFrom,
            Duration ttl,
            Duration lease) {
        this(
                caller,
                idempotencyKey,
                kind,
                userName,
                description,
                rotatedFrom,
                ttl,
                lease,
                RequestFingerprint.of(kind, userName, description, rotatedFrom, ttl),
                caller == null ? null : caller.name());
    }

    /** This request, issuing its key to {@code client} rather than to its caller. */
    IssueRequest issuedTo(String client) {
        return new IssueRequest(
                caller, idempotencyKey, kind, userName, description, rotatedFrom, ttl, lease, fingerprint, client);
    }

    /** Whether keywarden makes this rotation by itself, for a client other than the caller. */
    boolean automatic() {
        return issuedTo != null && !issuedTo.equals(caller.name());
    }
}
