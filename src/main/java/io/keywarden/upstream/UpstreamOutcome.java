package io.keywarden.upstream;

import java.time.Duration;

/**
 * What came of one call to the upstream. The four cases must be told apart by every caller: a
 * rejection is final, an unavailable upstream did nothing and may be asked again later, and an
 * unknown outcome means the upstream may have acted (for CreateAccessKey: a key may exist that
 * nobody holds) and must be reconciled before anything else is tried.
 *
 * @param <T> the value of a success
 */
public sealed interface UpstreamOutcome<T>
        permits UpstreamOutcome.Success,
                UpstreamOutcome.Rejected,
                UpstreamOutcome.Unavailable,
                UpstreamOutcome.OutcomeUnknown {

    /** The upstream request id ({@code X-UCLOUD-REQUEST-UUID}), or {@code null} if none came back. */
    String requestId();

    /** RetCode 0 with a usable answer. */
    record Success<T>(T value, String requestId) implements UpstreamOutcome<T> {}

    /** The upstream answered and refused: RetCode != 0 (or an answer that cannot be used). */
    record Rejected<T>(int retCode, String message, String requestId) implements UpstreamOutcome<T> {}

    /**
     * The upstream did not act: nothing was sent, or it said it is throttled or unavailable
     * (HTTP 429/503, RetCode 150/153, or 502/504 for actions that are safe to repeat).
     */
    record Unavailable<T>(String reason, Duration retryAfter, String requestId) implements UpstreamOutcome<T> {}

    /** The request may have reached the upstream, but no usable answer came back. */
    record OutcomeUnknown<T>(String reason, String requestId) implements UpstreamOutcome<T> {}
}
