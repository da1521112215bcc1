package io.keywarden.issuance;

/** Another request with this idempotency key is still running. Answered with 409 (compat: 9409). */
public class RequestInProgressException extends RuntimeException {

    public RequestInProgressException() {
        super("A request with this Idempotency-Key is still being processed; retry shortly.", null, false, false);
    }
}
