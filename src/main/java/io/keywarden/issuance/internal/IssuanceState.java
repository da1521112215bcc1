package io.keywarden.issuance.internal;

/** Where an issuance (one idempotency key's attempts) stands. */
enum IssuanceState {
    /** An attempt holds the lease and may be calling the upstream. */
    IN_FLIGHT,
    /** A key was created and recorded; its answer can be replayed until the retention ends. */
    SUCCEEDED,
    /** The upstream refused or did not act; nothing exists, and a retry may start afresh. */
    FAILED,
    /** The upstream may have created a key nobody holds; it must be reconciled first. */
    OUTCOME_UNKNOWN,
    /**
     * Reconciled, or resolved by an operator: whatever the lost attempt left upstream was revoked
     * or left as unmanaged; a retry may start afresh.
     */
    ABANDONED,
    /** The lost attempt's keys upstream cannot be attributed to it: it waits for an operator. */
    NEEDS_OPERATOR
}
