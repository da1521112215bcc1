package io.keywarden.issuance;

/** The idempotency key was already used with a different request. Answered with 422 (compat: 9422). */
public class IdempotencyKeyReusedException extends RuntimeException {

    public IdempotencyKeyReusedException() {
        super("This Idempotency-Key was already used with a different request body.", null, false, false);
    }
}
