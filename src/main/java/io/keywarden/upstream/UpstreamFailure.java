package io.keywarden.upstream;

import java.time.Duration;

/**
 * The upstream did not do what keywarden asked: it refused, it was unavailable, or it may have
 * acted without saying so. Thrown by the module that called it, with words for its own caller
 * ("nothing was created", "nothing changed"); the edge answers it with 502, 503 or 504 and the
 * compat API with the matching RetCode, each from the outcome it carries.
 */
public class UpstreamFailure extends RuntimeException {

    private final transient UpstreamOutcome<?> outcome;

    UpstreamFailure(UpstreamOutcome<?> outcome, String nothingDone, String mayHaveActed) {
        super(detail(outcome, nothingDone, mayHaveActed), null, false, false);
        this.outcome = outcome;
    }

    public UpstreamOutcome.Kind kind() {
        return outcome.kind();
    }

    /** The upstream's RetCode for a rejection (0 when it answered success without a usable answer). */
    public Integer retCode() {
        return outcome.answeredRetCode();
    }

    /** The upstream's message for a rejection, the client's reason otherwise. */
    public String reason() {
        return outcome.reason();
    }

    public String requestId() {
        return outcome.requestId();
    }

    public Duration retryAfter() {
        return outcome.retryAfter();
    }

    private static String detail(UpstreamOutcome<?> outcome, String nothingDone, String mayHaveActed) {
        return switch (outcome.kind()) {
            case REJECTED -> "The upstream IAM API answered RetCode " + outcome.answeredRetCode() + ".";
            case UNAVAILABLE -> "The upstream IAM API is unavailable (" + outcome.reason() + "); " + nothingDone + ".";
            case OUTCOME_UNKNOWN -> "The upstream did not answer in time; " + mayHaveActed;
            case SUCCESS -> throw new IllegalStateException("a success is no failure");
        };
    }
}
