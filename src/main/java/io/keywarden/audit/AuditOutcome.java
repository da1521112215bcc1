package io.keywarden.audit;

/** How an audited attempt ended. */
public enum AuditOutcome {
    /** Done, upstream and in keywarden's records. */
    SUCCEEDED,
    /** An earlier identical request's answer was served again. */
    REPLAYED,
    /** The upstream answered and refused. */
    REJECTED,
    /** The upstream did not act (unreachable, throttled, unavailable). */
    UPSTREAM_UNAVAILABLE,
    /** The request may have reached the upstream but no answer came back. */
    OUTCOME_UNKNOWN,
    /** The caller may not do this. */
    DENIED,
    /** The request was malformed or broke a rule. */
    INVALID,
    /** Another request with the same idempotency key is still running. */
    IN_PROGRESS,
    /** The upstream acted but keywarden could not record it; the reconciler will revoke the key. */
    NOT_RECORDED,
    /** A key nobody holds was disabled and deleted upstream. */
    ORPHAN_REVOKED,
    /**
     * Keys upstream that a lost attempt may have created could not be attributed to it: none was
     * revoked, and the attempt waits for an operator's decision.
     */
    ORPHAN_AMBIGUOUS,
    /** An unsettled issuance was settled; a retry may create afresh. */
    ABANDONED,
    /** Keywarden's records and the upstream disagreed and were brought in line. */
    DRIFT_DETECTED,
    /** A key upstream that keywarden never issued; left alone. */
    UNMANAGED,
    /** A key's lease ended: keywarden disabled or deleted it upstream. */
    EXPIRED,
    /**
     * Refused while issuance is halted: the database is behind the audit checkpoint keywarden
     * signed, and no operator has acknowledged the loss yet.
     */
    HALTED,
    /** Keywarden failed in a way the caller cannot fix. */
    FAILED,
    /**
     * A key upstream that keywarden has no record of, created while the database lost what it had
     * acknowledged (an acknowledged loss's window): most likely issued and delivered, then lost with
     * the database's commits. Adopted as a managed key, recovered after that loss, for an operator
     * to review.
     */
    RECOVERED,
    /**
     * A create refused because its user holds keys recovered after a loss that no operator has
     * reviewed: one of them may answer the very create, whose record was lost.
     */
    AWAITING_REVIEW
}
