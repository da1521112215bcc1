package io.keywarden.issuance;

import io.keywarden.platform.web.Refusal;

/** The idempotency key was already used with a different request. Answered with 422 (compat: 9422). */
public class IdempotencyKeyReusedException extends RuntimeException implements Refusal {

    private final String userName;

    /** @param userName the user the refused request was for */
    public IdempotencyKeyReusedException(String userName) {
        super("This Idempotency-Key was already used with a different request body.", null, false, false);
        this.userName = userName;
    }

    @Override
    public Kind refusal() {
        return Kind.INVALID;
    }

    @Override
    public String refusedUserName() {
        return userName;
    }
}
