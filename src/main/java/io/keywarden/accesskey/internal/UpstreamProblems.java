package io.keywarden.accesskey.internal;

import io.keywarden.upstream.UpstreamOutcome;
import io.keywarden.web.ProblemException;
import io.keywarden.web.Problems;

/** The problem a caller sees when the upstream did not do what an operator asked. */
public final class UpstreamProblems {

    private UpstreamProblems() {}

    public static ProblemException of(UpstreamOutcome<?> outcome) {
        if (outcome instanceof UpstreamOutcome.Rejected<?> rejected) {
            return Problems.upstreamRejected(rejected.retCode(), rejected.message(), rejected.requestId());
        }
        if (outcome instanceof UpstreamOutcome.Unavailable<?> unavailable) {
            return Problems.upstreamUnavailable(
                    "The upstream IAM API is unavailable (" + unavailable.reason() + "); nothing changed.",
                    unavailable.retryAfter());
        }
        return Problems.upstreamOutcomeUnknown(
                "The upstream did not answer in time; the change may or may not have happened. It is safe to repeat.",
                outcome.requestId());
    }
}
