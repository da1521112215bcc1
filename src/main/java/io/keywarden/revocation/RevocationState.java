package io.keywarden.revocation;

/** Where a bulk revocation stands. */
public enum RevocationState {
    /** Keys are still pending; a worker carries it on. */
    RUNNING,
    /** Every matched key was revoked, or was gone already. */
    DONE,
    /** Nothing is pending any more, but some keys could not be revoked (each with its reason). */
    FAILED
}
