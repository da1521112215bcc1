package io.keywarden.faults;

import io.keywarden.sandbox.SandboxFault;
import io.keywarden.sandbox.SandboxFault.Type;
import java.time.Duration;

/**
 * One row of the fault matrix: what the sandbox does to every CreateAccessKey (and only to
 * that Action, so the reconciler's List, Update and Delete get through), and what the caller and
 * the audit log must see. The test profile's read timeout is 1 s, so holds of 1.5 s are timeouts.
 *
 * @param fault what the sandbox does
 * @param status the HTTP status the caller gets
 * @param attemptOutcome the audit outcome of the attempt
 * @param issuanceState the intent's state right after the attempt
 * @param leavesKeyUpstream whether the upstream created a key the caller never got
 */
record UpstreamFault(
        String name,
        SandboxFault fault,
        int status,
        String attemptOutcome,
        String issuanceState,
        boolean leavesKeyUpstream) {

    private static final String CREATE = "CreateAccessKey";
    private static final Duration HOLD = Duration.ofMillis(1500);

    static UpstreamFault slow() {
        return new UpstreamFault(
                "slow (300 ms)",
                fault(Type.LATENCY, null, Duration.ofMillis(300), null),
                201,
                "SUCCEEDED",
                "SUCCEEDED",
                false);
    }

    static UpstreamFault httpStatus(int httpStatus, int status, String outcome, String state) {
        return new UpstreamFault(
                "HTTP " + httpStatus, fault(Type.HTTP_STATUS, httpStatus, null, null), status, outcome, state, false);
    }

    static UpstreamFault throttled() {
        return new UpstreamFault(
                "throttled (153)",
                fault(Type.THROTTLE, null, null, null),
                503,
                "UPSTREAM_UNAVAILABLE",
                "FAILED",
                false);
    }

    static UpstreamFault noAnswer() {
        return new UpstreamFault(
                "no answer", fault(Type.NO_ANSWER, null, HOLD, null), 504, "OUTCOME_UNKNOWN", "OUTCOME_UNKNOWN", false);
    }

    static UpstreamFault connectionDropped() {
        return new UpstreamFault(
                "connection dropped",
                fault(Type.DROP_CONNECTION, null, null, null),
                504,
                "OUTCOME_UNKNOWN",
                "OUTCOME_UNKNOWN",
                false);
    }

    /** The sandbox creates the key and then answers half of the JSON. */
    static UpstreamFault malformedJson() {
        return new UpstreamFault(
                "malformed JSON",
                fault(Type.MALFORMED_JSON, null, null, null),
                504,
                "OUTCOME_UNKNOWN",
                "OUTCOME_UNKNOWN",
                true);
    }

    static UpstreamFault retCode(int retCode, int status, String outcome, String state) {
        return new UpstreamFault(
                "RetCode " + retCode, fault(Type.RET_CODE, null, null, retCode), status, outcome, state, false);
    }

    static UpstreamFault emptyKey() {
        return new UpstreamFault(
                "RetCode 0 with AccessKey {}",
                fault(Type.EMPTY_ACCESS_KEY, null, null, null),
                502,
                "REJECTED",
                "FAILED",
                false);
    }

    static UpstreamFault createdButNeverAnswered() {
        return new UpstreamFault(
                "created but never answered",
                fault(Type.CREATE_WITHOUT_ANSWER, null, HOLD, null),
                504,
                "OUTCOME_UNKNOWN",
                "OUTCOME_UNKNOWN",
                true);
    }

    boolean settlesByReconciliation() {
        return issuanceState.equals("OUTCOME_UNKNOWN");
    }

    private static SandboxFault fault(Type type, Integer status, Duration delay, Integer retCode) {
        return new SandboxFault(type, CREATE, null, status, delay, null, retCode, null);
    }

    @Override
    public String toString() {
        return name;
    }
}
