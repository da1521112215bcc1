package io.keywarden.platform.web;

/**
 * A domain exception that refuses what a caller attempted, before anything changed: the input
 * broke a rule, the caller may not, the thing is in a state that forbids it, or the same request
 * is still running. It says how it is audited, so that one mechanism at the edge records every
 * refusal on an audited route, whichever module refused and whichever route (API, compat or
 * console) the attempt came by; the refusing code records nothing itself.
 */
public interface Refusal {

    /** What kind of refusal, which the audit log records as its outcome. */
    enum Kind {
        /** The request was malformed, broke a rule, or found its target in a state that forbids it. */
        INVALID,
        /** The caller's scope does not allow it. */
        DENIED,
        /** Another request with the same idempotency key is still running. */
        IN_PROGRESS,
        /** An earlier attempt left keys nobody can attribute; an operator must decide first. */
        AWAITING_OPERATOR,
        /**
         * Keywarden halts this kind of change until an operator acts on a finding (the database is
         * behind what keywarden signed): nothing about the request itself is wrong.
         */
        HALTED,
        /**
         * The user holds keys recovered after a loss of the database's commits that no operator
         * has reviewed: one may be the answer to the very create refused, whose record was lost.
         */
        AWAITING_REVIEW
    }

    /**
     * What kind of refusal this is; {@code null} when it is not keywarden's own refusal but the
     * upstream's, which was audited with the attempt it ended.
     */
    Kind refusal();

    /** The user whose keys the refused attempt was about, where the refusing code knew it; else {@code null}. */
    default String refusedUserName() {
        return null;
    }
}
