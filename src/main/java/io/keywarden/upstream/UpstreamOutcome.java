package io.keywarden.upstream;

import java.time.Duration;

/**
 * What came of one call to the upstream. The four cases must be told apart by every caller: a
 * rejection is final, an unavailable upstream did nothing and may be asked again later, and an
 * unknown outcome means the upstream may have acted (for CreateAccessKey: a key may exist that
 * nobody holds) and must be reconciled before anything else is tried. Each case answers for
 * itself what it is ({@link #kind()}), what it recorded and what its failure is, so callers ask
 * it rather than test its type.
 *
 * @param <T> the value of a success
 */
public sealed interface UpstreamOutcome<T>
        permits UpstreamOutcome.Success,
                UpstreamOutcome.Rejected,
                UpstreamOutcome.Unavailable,
                UpstreamOutcome.OutcomeUnknown {

    /** The four cases, for code that must name them (metrics, audit, answers). */
    enum Kind {
        SUCCESS,
        REJECTED,
        UNAVAILABLE,
        OUTCOME_UNKNOWN
    }

    /** The upstream request id ({@code X-UCLOUD-REQUEST-UUID}), or {@code null} if none came back. */
    String requestId();

    Kind kind();

    default boolean succeeded() {
        return kind() == Kind.SUCCESS;
    }

    /** A success's value; any other case has none. */
    default T value() {
        throw new IllegalStateException("an upstream " + kind() + " has no value");
    }

    /** The RetCode the upstream answered: 0 for a success, its own for a rejection, {@code null} when it did not answer. */
    Integer answeredRetCode();

    /** Why the call did not succeed, in the upstream's or the client's words; {@code null} for a success. */
    String reason();

    /** How long the upstream asked to be left alone, or {@code null}. */
    default Duration retryAfter() {
        return null;
    }

    /**
     * This outcome as the failure a caller is answered with.
     *
     * @param nothingDone what the caller is told was not done when the upstream did not act
     * @param mayHaveActed what the caller is told when the upstream may have acted
     */
    default UpstreamFailure failure(String nothingDone, String mayHaveActed) {
        return new UpstreamFailure(this, nothingDone, mayHaveActed);
    }

    /** RetCode 0 with a usable answer. */
    record Success<T>(T value, String requestId) implements UpstreamOutcome<T> {

        @Override
        public Kind kind() {
            return Kind.SUCCESS;
        }

        @Override
        public Integer answeredRetCode() {
            return 0;
        }

        @Override
        public String reason() {
            return null;
        }

        @Override
        public UpstreamFailure failure(String nothingDone, String mayHaveActed) {
            throw new IllegalStateException("a success is no failure");
        }
    }

    /** The upstream answered and refused: RetCode != 0 (or an answer that cannot be used). */
    record Rejected<T>(int retCode, String message, String requestId) implements UpstreamOutcome<T> {

        @Override
        public Kind kind() {
            return Kind.REJECTED;
        }

        @Override
        public Integer answeredRetCode() {
            return retCode;
        }

        @Override
        public String reason() {
            return message;
        }
    }

    /**
     * The upstream did not act: nothing was sent, or it said it is throttled or unavailable
     * (HTTP 429/503, RetCode 150/153, or 502/504 for actions that are safe to repeat).
     */
    record Unavailable<T>(String reason, Duration retryAfter, String requestId) implements UpstreamOutcome<T> {

        @Override
        public Kind kind() {
            return Kind.UNAVAILABLE;
        }

        @Override
        public Integer answeredRetCode() {
            return null;
        }
    }

    /** The request may have reached the upstream, but no usable answer came back. */
    record OutcomeUnknown<T>(String reason, String requestId) implements UpstreamOutcome<T> {

        @Override
        public Kind kind() {
            return Kind.OUTCOME_UNKNOWN;
        }

        @Override
        public Integer answeredRetCode() {
            return null;
        }
    }
}
