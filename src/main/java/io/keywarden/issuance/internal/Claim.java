package io.keywarden.issuance.internal;

import java.time.Instant;
import java.util.UUID;

/**
 * What beginning an issuance found: the go-ahead, or why this request must not call the upstream.
 * Each case names its own {@link Kind}, and whoever acts on a claim switches over the kind in a
 * switch expression without a default: a new case needs a new kind, and then no such switch
 * compiles until it says what the new case means. {@code ClaimKindsTest} checks that no two cases
 * share a kind, so a new case cannot quietly borrow the meaning of another.
 */
sealed interface Claim {

    /** The cases, one each. */
    enum Kind {
        STARTED,
        REPLAY,
        IN_PROGRESS,
        MISMATCH,
        UNSETTLED,
        AWAITING_OPERATOR
    }

    Kind kind();

    /** This request holds the intent and may call the upstream. */
    record Started(UUID issuanceId, Instant startedAt) implements Claim {
        @Override
        public Kind kind() {
            return Kind.STARTED;
        }
    }

    /** The same request already succeeded: serve its stored answer. */
    record Replay(UUID issuanceId, byte[] ciphertext) implements Claim {
        @Override
        public Kind kind() {
            return Kind.REPLAY;
        }
    }

    /** Another request with this idempotency key is still running. */
    record InProgress() implements Claim {
        @Override
        public Kind kind() {
            return Kind.IN_PROGRESS;
        }
    }

    /** This idempotency key was used with a different request. */
    record Mismatch() implements Claim {
        @Override
        public Kind kind() {
            return Kind.MISMATCH;
        }
    }

    /** An earlier attempt's outcome is unknown: reconcile before anything else. */
    record Unsettled(UUID issuanceId, String userName, Instant startedAt, Instant windowEndsAt) implements Claim {
        @Override
        public Kind kind() {
            return Kind.UNSETTLED;
        }
    }

    /**
     * An earlier attempt's outcome is unknown and the keys it may have left cannot be attributed to
     * it: nothing may happen until an operator decides.
     */
    record AwaitingOperator(UUID issuanceId, String userName) implements Claim {
        @Override
        public Kind kind() {
            return Kind.AWAITING_OPERATOR;
        }
    }
}
