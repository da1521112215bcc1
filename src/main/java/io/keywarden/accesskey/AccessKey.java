package io.keywarden.accesskey;

import io.keywarden.upstream.UpstreamAccessKey;
import io.keywarden.upstream.UpstreamKeyStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A key keywarden issued, and the one place that says which states a key can be in and which
 * moves between them are allowed. Each move answers the changed key, or throws the refusal the
 * caller answers with; it never writes. {@link KeyLifecycle} loads the key (locked), makes the move
 * and saves what it answers, so no other module decides when a key may change.
 *
 * <pre>
 *   move        from                     to
 *   (issue)                              ACTIVE
 *   rotate      ACTIVE                   (unchanged: it may be replaced by a successor)
 *   supersede   ACTIVE                   ROTATING, working on until retireAt
 *               any other                unchanged, with its retireAt
 *   renew       ACTIVE, lease not ended  ACTIVE, expiring later (never earlier)
 *   disable     not DELETED              INACTIVE
 *   enable      not DELETED              ROTATING when superseded, else ACTIVE
 *   delete      not DELETED              DELETED
 *   align       upstream lists it no more         DELETED
 *               upstream has it disabled          INACTIVE (a DELETED key stays DELETED)
 *               upstream has it enabled           an INACTIVE key: ROTATING when superseded,
 *                                                 else ACTIVE; any other unchanged
 * </pre>
 *
 * Every other move is refused: rotate with {@link KeyNotRotatableException}, renew with {@link
 * KeyNotRenewableException} (or {@link LeaseTooLongException} past the maximum), disable, enable
 * and delete of a DELETED key with {@link AccessKeyDeletedException}. Supersede is never refused:
 * the successor already exists upstream and must be recorded. Retiring a superseded key after its
 * grace period, expiring one whose lease ended and revoking one are each a disable (skipped when
 * the key is INACTIVE already) and then a delete, made upstream first.
 *
 * <p>The secret itself is never stored, only its SHA-256.
 *
 * @param id the row's position, in insertion order
 * @param leaseSeconds the lease length granted at issuance, or {@code null} for a key issued without one
 * @param recovery how reconciliation recovered the key after a loss of the database's commits, or
 *     {@code null} for a key keywarden issued (and then {@code secretSha256}, {@code issuedBy} and
 *     {@code issuanceId} are set; a recovered key has none of them)
 */
record AccessKey(
        long id,
        String accessKeyId,
        String userName,
        long upstreamUserId,
        String description,
        AccessKeyStatus status,
        String secretSha256,
        String issuedBy,
        UUID issuanceId,
        String rotatedFrom,
        Instant retireAt,
        Instant createdAt,
        Instant expiresAt,
        Long leaseSeconds,
        Instant updatedAt,
        Instant recordedAt,
        KeyRecovery recovery) {

    /** The state of a key the upstream just created. */
    static final AccessKeyStatus ISSUED = AccessKeyStatus.ACTIVE;

    /** This key, when it may be replaced by a successor now: only an ACTIVE key may. */
    AccessKey requireRotatable() {
        if (status != AccessKeyStatus.ACTIVE) {
            throw notRotatable(accessKeyId, status.name());
        }
        return this;
    }

    /** The refusal of a rotation of a key in {@code state} ({@code unknown} for a key keywarden has no record of). */
    static KeyNotRotatableException notRotatable(String accessKeyId, String state) {
        return new KeyNotRotatableException(
                "Access key " + accessKeyId + " is " + state + "; only an ACTIVE key can be rotated.");
    }

    /**
     * A successor was recorded: an ACTIVE key turns ROTATING, and every key keeps working until
     * {@code retireAt}, when it is retired. Never refused, since the successor already exists
     * upstream and must be recorded: a key disabled or deleted while its successor was being made
     * keeps its state.
     */
    AccessKey supersede(Instant retireAt, Instant now) {
        AccessKeyStatus next = status == AccessKeyStatus.ACTIVE ? AccessKeyStatus.ROTATING : status;
        return with(next, retireAt, expiresAt, now);
    }

    /**
     * A superseded key's client has what replaces it: it retires now rather than at the end of
     * its grace period. Any other key, or one due already, is unchanged.
     */
    AccessKey retireEarly(Instant now) {
        if (retireAt == null || !retireAt.isAfter(now) || status == AccessKeyStatus.DELETED) {
            return this;
        }
        return with(status, now, expiresAt, now);
    }

    /** The key is disabled upstream. */
    AccessKey disable(Instant now) {
        requireNotDeleted();
        return with(AccessKeyStatus.INACTIVE, retireAt, expiresAt, now);
    }

    /** The key is enabled upstream: a superseded key (it has a {@code retireAt}) is ROTATING again, any other ACTIVE. */
    AccessKey enable(Instant now) {
        requireNotDeleted();
        return with(enabled(), retireAt, expiresAt, now);
    }

    /** The key is deleted upstream. */
    AccessKey delete(Instant now) {
        requireNotDeleted();
        return with(AccessKeyStatus.DELETED, retireAt, expiresAt, now);
    }

    /**
     * The key as the upstream lists it ({@code null}: it no longer does). A change made there by
     * hand is taken over; a key recorded DELETED stays so.
     */
    AccessKey alignWith(UpstreamAccessKey listed, Instant now) {
        AccessKeyStatus should;
        if (status == AccessKeyStatus.DELETED || listed == null) {
            should = AccessKeyStatus.DELETED;
        } else if (listed.status() == UpstreamKeyStatus.INACTIVE) {
            should = AccessKeyStatus.INACTIVE;
        } else if (status == AccessKeyStatus.INACTIVE) {
            should = enabled();
        } else {
            should = status;
        }
        return should == status ? this : with(should, retireAt, expiresAt, now);
    }

    /**
     * Renews the key's lease as Vault renews a lease: it now expires {@code requested} (by default
     * the length it was granted) from {@code now}, never later than the maximum from creation and
     * never earlier than it expires already (then the key is answered unchanged). Only an ACTIVE
     * key whose lease has not ended is renewed.
     *
     * @throws KeyNotRenewableException when the key is not ACTIVE, has no lease, or its lease ended
     * @throws LeaseTooLongException when the ttl ends past the maximum, or, without a ttl, when the
     *     key is there already
     */
    AccessKey renew(Duration requested, LeaseBounds bounds, Instant now) {
        if (status != AccessKeyStatus.ACTIVE) {
            throw new KeyNotRenewableException(
                    "Key " + accessKeyId + " is " + status + ": only an ACTIVE key's lease is renewed.", status);
        }
        if (expiresAt == null) {
            throw new KeyNotRenewableException(
                    "Key " + accessKeyId + " has no lease: it lives until rotated or deleted.", status);
        }
        if (!now.isBefore(expiresAt)) {
            throw new KeyNotRenewableException(
                    "The lease of key " + accessKeyId + " ended at " + expiresAt + "; it is being revoked.", status);
        }
        LeaseTerms.Renewal renewal = LeaseTerms.renew(now, createdAt, expiresAt, lease(), requested, bounds);
        return renewal.extended() ? with(status, retireAt, renewal.expiresAt(), now) : this;
    }

    /**
     * The lease of the key that replaces this one: the ttl asked for, else this key's lease length
     * (counted from the successor's creation), within the bounds; {@code null} for none.
     *
     * @throws LeaseTooLongException when the ttl exceeds the maximum
     */
    Duration successorLease(Duration requested, LeaseBounds bounds) {
        return LeaseTerms.grant(requested, LeaseTerms.length(lease(), createdAt, expiresAt), bounds);
    }

    /** The lease length granted at issuance, or {@code null} for a key issued without one. */
    Duration lease() {
        return leaseSeconds == null ? null : Duration.ofSeconds(leaseSeconds);
    }

    private AccessKeyStatus enabled() {
        return retireAt != null ? AccessKeyStatus.ROTATING : AccessKeyStatus.ACTIVE;
    }

    private void requireNotDeleted() {
        if (status == AccessKeyStatus.DELETED) {
            throw new AccessKeyDeletedException(accessKeyId);
        }
    }

    private AccessKey with(AccessKeyStatus status, Instant retireAt, Instant expiresAt, Instant now) {
        return new AccessKey(
                id,
                accessKeyId,
                userName,
                upstreamUserId,
                description,
                status,
                secretSha256,
                issuedBy,
                issuanceId,
                rotatedFrom,
                retireAt,
                createdAt,
                expiresAt,
                leaseSeconds,
                now,
                recordedAt,
                recovery);
    }

    @Override
    public String toString() {
        return "AccessKey[" + accessKeyId + ", user=" + userName + ", status=" + status + "]";
    }
}
