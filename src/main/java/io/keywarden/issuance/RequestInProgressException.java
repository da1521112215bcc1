package io.keywarden.issuance;

import io.keywarden.platform.web.Refusal;

/** Another request with this idempotency key is still running. Answered with 409 (compat: 9409). */
public class RequestInProgressException extends RuntimeException implements Refusal {

    private final String userName;

    /** @param userName the user the refused request was for */
    public RequestInProgressException(String userName) {
        super("A request with this Idempotency-Key is still being processed; retry shortly.", null, false, false);
        this.userName = userName;
    }

    @Override
    public Kind refusal() {
        return Kind.IN_PROGRESS;
    }

    @Override
    public String refusedUserName() {
        return userName;
    }
}
