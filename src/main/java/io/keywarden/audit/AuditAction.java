package io.keywarden.audit;

/** What an audited attempt was. */
public enum AuditAction {
    CREATE_ACCESS_KEY,
    /** Rotating a key: a success is the successor's event; a refusal or a failure is the rotated key's. */
    ROTATE_ACCESS_KEY,
    /**
     * A rotation, in the history of the key it replaced: the key turned ROTATING and retires after
     * the grace period; the detail names its successor.
     */
    SUPERSEDE_ACCESS_KEY,
    DISABLE_ACCESS_KEY,
    ENABLE_ACCESS_KEY,
    DELETE_ACCESS_KEY,
    RETIRE_ACCESS_KEY,
    RENEW_ACCESS_KEY,
    EXPIRE_ACCESS_KEY,
    REVOKE_ACCESS_KEY,
    START_REVOCATION,
    REVOKE_ORPHAN,
    RECONCILE_ISSUANCE,
    RECONCILE_USER,
    /** Keywarden began chaining audit events with plain SHA-256 (chain version 2) after its HMAC events. */
    UPGRADE_AUDIT_CHAIN,
    /** The key that signs audit checkpoints was replaced; the event names the old and the new key. */
    ROLL_AUDIT_SIGNING_KEY,
    /**
     * An operator acknowledged that the database is behind a signed checkpoint (acknowledged
     * commits were lost): the detail names the lost range and both heads. The chain and the
     * checkpoints go on from the database's head, and issuance resumes.
     */
    ACKNOWLEDGE_AUDIT_LOSS,
    /** The issuing client fetched the sealed secret of a successor keywarden made by an automatic rotation. */
    FETCH_SEALED_SECRET,
    /**
     * The issuing client acknowledged an automatic rotation's successor: its sealed secret is
     * deleted and the key it replaced retires now; the detail names that key.
     */
    ACKNOWLEDGE_SEALED_SECRET,
    /**
     * An operator set a client's seal key through the admin API, overriding its {@code seal-to}
     * from configuration; the detail names the client and the new public key.
     */
    SET_CLIENT_SEAL_KEY,
    /**
     * An operator removed the seal key set through the admin API, so the client's {@code seal-to}
     * from configuration (or none) applies again; the detail names the client and what applies now.
     */
    REMOVE_CLIENT_SEAL_KEY,
    /** A webhook subscription was made at {@code /admin/v1/subscriptions}; the detail names it, never its secret. */
    CREATE_WEBHOOK_SUBSCRIPTION,
    /** A webhook subscription's signing secret was replaced, the old one signing for an overlap. */
    ROTATE_WEBHOOK_SECRET,
    /** A webhook subscription made at the API was deleted; its pending deliveries fail. */
    DELETE_WEBHOOK_SUBSCRIPTION,
    /** A webhook subscription its receiver disabled with 410 Gone was enabled again. */
    ENABLE_WEBHOOK_SUBSCRIPTION,
    /** A DEAD or FAILED webhook delivery was made pending again, under the same webhook id. */
    RETRY_WEBHOOK_DELIVERY,
    /**
     * A {@code key.rotated} webhook carrying an automatic rotation's sealed secret was answered 2xx by
     * its receiver; the detail names the subscription and the {@code webhook-id}.
     */
    DELIVER_SEALED_SECRET,
    /**
     * An operator reviewed a key upstream reconciliation recovered after a loss and kept it as a
     * managed key: creates for its user are accepted again (once none of its recovered keys awaits
     * review). Deleting such a key is the other answer, audited {@code DELETE_ACCESS_KEY}.
     */
    REVIEW_RECOVERED_KEY
}
