package io.keywarden.upstream.internal;

import io.keywarden.upstream.UpstreamOutcome;
import tools.jackson.databind.JsonNode;

/**
 * What one HTTP exchange with the upstream came to, before any retry or action-specific reading.
 * It keeps the HTTP status and RetCode beside the outcome because the logs need them and the
 * outcome types, shaped for callers, do not carry them.
 *
 * @param outcome the classified outcome; a success holds the whole answer envelope
 * @param httpStatus the HTTP status, or 0 when no response came back
 * @param retCode the answer's RetCode, or {@code null} when there was none
 */
public record Attempt(UpstreamOutcome<JsonNode> outcome, int httpStatus, Integer retCode) {

    public boolean isUnavailable() {
        return outcome.kind() == UpstreamOutcome.Kind.UNAVAILABLE;
    }

    /** Nothing was sent because the circuit is open; trying again at once would only be refused again. */
    public boolean isRefusedByCircuit() {
        return isUnavailable() && UpstreamCircuit.OPEN_REASON.equals(outcome.reason());
    }

    public boolean isOutcomeUnknown() {
        return outcome.kind() == UpstreamOutcome.Kind.OUTCOME_UNKNOWN;
    }
}
