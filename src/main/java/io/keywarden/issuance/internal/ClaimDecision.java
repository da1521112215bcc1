package io.keywarden.issuance.internal;

/**
 * How a request's claim on an issuance that already exists for its idempotency key is decided,
 * from what the row says alone. A pure function, so that every combination is tested without a
 * database ({@code ClaimDecisionTest}); {@link IssuanceClaims} reads the row under its lock and
 * carries out the decision ({@link Claim.Kind#STARTED} restarts the attempt, {@link
 * Claim.Kind#UNSETTLED} takes it over for reconciliation).
 */
final class ClaimDecision {

    private ClaimDecision() {}

    /**
     * @param state where the issuance stands
     * @param sameRequest whether the row's request fingerprint is this request's
     * @param leaseLive whether the attempt's lease has not run out yet (by the database's clock)
     * @param answerServable whether a stored answer is within its retention and in the current format
     */
    static Claim.Kind of(IssuanceState state, boolean sameRequest, boolean leaseLive, boolean answerServable) {
        if (!sameRequest) {
            return Claim.Kind.MISMATCH;
        }
        return switch (state) {
            case SUCCEEDED -> answerServable ? Claim.Kind.REPLAY : Claim.Kind.STARTED;
            case IN_FLIGHT, OUTCOME_UNKNOWN -> leaseLive ? Claim.Kind.IN_PROGRESS : Claim.Kind.UNSETTLED;
            case NEEDS_OPERATOR -> Claim.Kind.AWAITING_OPERATOR;
            case FAILED, ABANDONED -> Claim.Kind.STARTED;
        };
    }
}
