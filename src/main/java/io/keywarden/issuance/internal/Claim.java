package io.keywarden.issuance.internal;

import java.time.Instant;
import java.util.UUID;

/** What beginning an issuance found: the go-ahead, or why this request must not call the upstream. */
public sealed interface Claim {

    /** This request holds the intent and may call the upstream. */
    record Started(UUID issuanceId, Instant startedAt) implements Claim {}

    /** The same request already succeeded: serve its stored answer. */
    record Replay(UUID issuanceId, byte[] ciphertext) implements Claim {}

    /** Another request with this idempotency key is still running. */
    record InProgress() implements Claim {}

    /** This idempotency key was used with a different request. */
    record Mismatch() implements Claim {}

    /** An earlier attempt's outcome is unknown: reconcile before anything else. */
    record Unsettled(UUID issuanceId, String userName, Instant startedAt, Instant windowEndsAt) implements Claim {}

    /**
     * An earlier attempt's outcome is unknown and the keys it may have left cannot be attributed to
     * it: nothing may happen until an operator decides.
     */
    record AwaitingOperator(UUID issuanceId, String userName) implements Claim {}
}
