package io.keywarden.issuance;

import io.keywarden.accesskey.AccessKeyView;
import io.keywarden.identity.Caller;
import java.time.Duration;

/**
 * What an endpoint asks the create protocol ({@link KeyIssuer}) to issue, built from what the
 * endpoint received: a new key for a user, or the successor of a key being rotated.
 *
 * <p>A create carries its caller's inputs as sent; the protocol checks them in the order every
 * create endpoint answers them (idempotency key, user name, scope, description, ttl) and audits a
 * refusal. A rotation carries what the rotation has established already: the key it replaces (its
 * predecessor, read in the caller's scope), whose user and description the successor takes, and
 * the successor's lease, granted from the predecessor's.
 */
public final class IssueCommand {

    private final Caller caller;
    private final IdempotencyKey idempotencyKey;
    private final String userName;
    private final String description;
    private final Duration ttl;
    private final String rotatedFrom;
    private final Duration successorLease;
    private final String issuedTo;

    private IssueCommand(
            Caller caller,
            IdempotencyKey idempotencyKey,
            String userName,
            String description,
            Duration ttl,
            String rotatedFrom,
            Duration successorLease,
            String issuedTo) {
        this.caller = caller;
        this.idempotencyKey = idempotencyKey;
        this.userName = userName;
        this.description = description;
        this.ttl = ttl;
        this.rotatedFrom = rotatedFrom;
        this.successorLease = successorLease;
        this.issuedTo = issuedTo;
    }

    /**
     * A new key for a user, from the caller's inputs as sent.
     *
     * @param userName the upstream user the key is for, unchecked
     * @param description the caller's remark, unchecked, or {@code null}
     * @param ttl the lease asked for, or {@code null} for the caller's default
     */
    public static IssueCommand create(
            Caller caller, IdempotencyKey idempotencyKey, String userName, String description, Duration ttl) {
        return new IssueCommand(caller, idempotencyKey, userName, description, ttl, null, null, caller.name());
    }

    /**
     * The successor of {@code predecessor}, for its user and with its description.
     *
     * @param predecessor the key being rotated, as the caller may see it
     * @param ttl the lease asked for, or {@code null}; part of what makes two rotations the same
     * @param lease the lease granted to the successor, or {@code null} for a key that lives until
     *     rotated or deleted
     */
    public static IssueCommand rotate(
            Caller caller, IdempotencyKey idempotencyKey, AccessKeyView predecessor, Duration ttl, Duration lease) {
        return new IssueCommand(
                caller,
                idempotencyKey,
                predecessor.userName(),
                predecessor.description(),
                ttl,
                predecessor.accessKeyId(),
                lease,
                caller.name());
    }

    /**
     * The successor of {@code predecessor} made by keywarden itself ({@code caller}, a job) for the
     * client that issued the predecessor: the successor is that client's key, its secret sealed to
     * that client's {@code seal-to} and kept for it to fetch, and announced in {@code key.rotated}.
     * Otherwise the very same rotation as a caller's.
     *
     * @param caller keywarden acting, the actor of its audit events
     * @param predecessor the key being rotated; its issuing client receives the successor
     * @param lease the lease granted to the successor, or {@code null}
     */
    public static IssueCommand autoRotate(
            Caller caller, IdempotencyKey idempotencyKey, AccessKeyView predecessor, Duration lease) {
        return new IssueCommand(
                caller,
                idempotencyKey,
                predecessor.userName(),
                predecessor.description(),
                null,
                predecessor.accessKeyId(),
                lease,
                predecessor.issuedBy());
    }

    /** Who asks. */
    public Caller caller() {
        return caller;
    }

    /** The caller's key for retrying safely, and whether the endpoint requires one. */
    public IdempotencyKey idempotencyKey() {
        return idempotencyKey;
    }

    /** The user the key is for: as sent for a create, the predecessor's for a rotation. */
    public String userName() {
        return userName;
    }

    /** The key's description: as sent for a create, the predecessor's for a rotation; or {@code null}. */
    public String description() {
        return description;
    }

    /** The lease asked for, or {@code null}. */
    public Duration ttl() {
        return ttl;
    }

    /** The key being rotated, or {@code null} for a create. */
    public String rotatedFrom() {
        return rotatedFrom;
    }

    /** The client the key is issued to: the caller, except for an automatic rotation ({@link #autoRotate}). */
    public String issuedTo() {
        return issuedTo;
    }

    /** Whether keywarden makes this rotation by itself, for a client other than the caller. */
    public boolean automatic() {
        return !issuedTo.equals(caller.name());
    }

    /** For a rotation, the lease granted to the successor ({@code null}: none); a create's is granted by the protocol. */
    public Duration successorLease() {
        return successorLease;
    }
}
