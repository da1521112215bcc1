package io.keywarden.issuance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a request with an idempotency key already in use gets, for every state the earlier
 * issuance can be in, its lease live or run out, and the same request or another one.
 */
class ClaimDecisionTests {

    @ParameterizedTest(name = "{0}, lease {1}, {2} request -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            # state         | lease     | request   | claim
            IN_FLIGHT       | live      | same      | IN_PROGRESS
            IN_FLIGHT       | live      | different | MISMATCH
            IN_FLIGHT       | expired   | same      | UNSETTLED
            IN_FLIGHT       | expired   | different | MISMATCH
            OUTCOME_UNKNOWN | live      | same      | IN_PROGRESS
            OUTCOME_UNKNOWN | live      | different | MISMATCH
            OUTCOME_UNKNOWN | expired   | same      | UNSETTLED
            OUTCOME_UNKNOWN | expired   | different | MISMATCH
            SUCCEEDED       | live      | same      | REPLAY
            SUCCEEDED       | live      | different | MISMATCH
            SUCCEEDED       | expired   | same      | REPLAY
            SUCCEEDED       | expired   | different | MISMATCH
            FAILED          | live      | same      | STARTED
            FAILED          | live      | different | MISMATCH
            FAILED          | expired   | same      | STARTED
            FAILED          | expired   | different | MISMATCH
            ABANDONED       | live      | same      | STARTED
            ABANDONED       | live      | different | MISMATCH
            ABANDONED       | expired   | same      | STARTED
            ABANDONED       | expired   | different | MISMATCH
            NEEDS_OPERATOR  | live      | same      | AWAITING_OPERATOR
            NEEDS_OPERATOR  | live      | different | MISMATCH
            NEEDS_OPERATOR  | expired   | same      | AWAITING_OPERATOR
            NEEDS_OPERATOR  | expired   | different | MISMATCH
            """)
    void anEarlierIssuanceWithAServableAnswerDecidesTheClaim(
            IssuanceState state, String lease, String request, Claim.Kind claim) {
        assertThat(ClaimDecision.of(state, request.equals("same"), lease.equals("live"), true))
                .isEqualTo(claim);
    }

    @ParameterizedTest(name = "{0}, lease {1}, {2} request -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            # state         | lease     | request   | claim
            SUCCEEDED       | live      | same      | STARTED
            SUCCEEDED       | live      | different | MISMATCH
            SUCCEEDED       | expired   | same      | STARTED
            SUCCEEDED       | expired   | different | MISMATCH
            """)
    void aSucceededIssuanceWhoseAnswerIsPastRetentionOrInAnOldFormatStartsAfresh(
            IssuanceState state, String lease, String request, Claim.Kind claim) {
        assertThat(ClaimDecision.of(state, request.equals("same"), lease.equals("live"), false))
                .isEqualTo(claim);
    }

    @Test
    void whetherAnAnswerIsServableMattersOnlyToASucceededIssuance() {
        for (IssuanceState state : IssuanceState.values()) {
            if (state == IssuanceState.SUCCEEDED) {
                continue;
            }
            for (boolean sameRequest : new boolean[] {true, false}) {
                for (boolean leaseLive : new boolean[] {true, false}) {
                    assertThat(ClaimDecision.of(state, sameRequest, leaseLive, false))
                            .as("%s, lease live %s, same request %s", state, leaseLive, sameRequest)
                            .isEqualTo(ClaimDecision.of(state, sameRequest, leaseLive, true));
                }
            }
        }
    }
}
