package io.keywarden.issuance;

import java.time.Duration;

/**
 * An unsettled issuance cannot be reconciled right now; nothing was decided, try again later.
 * Answered with 503 and {@code Retry-After} (compat: 9503).
 */
public class ReconciliationDeferredException extends RuntimeException {

    private final Duration retryAfter;

    public ReconciliationDeferredException(String reason, Duration retryAfter) {
        super(reason, null, false, false);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
