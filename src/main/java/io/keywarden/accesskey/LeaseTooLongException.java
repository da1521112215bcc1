package io.keywarden.accesskey;

import java.time.Duration;
import java.time.Instant;

/**
 * A ttl asks for more than the caller's maximum. Answered with 422 naming the maximum (and, for a
 * renewal, the latest expiry the maximum allows), and on the compat API with RetCode 230.
 */
public class LeaseTooLongException extends RuntimeException {

    private final Duration maxTtl;
    private final Instant latestExpiresAt;

    public LeaseTooLongException(String detail, Duration maxTtl, Instant latestExpiresAt) {
        super(detail, null, false, false);
        this.maxTtl = maxTtl;
        this.latestExpiresAt = latestExpiresAt;
    }

    /** The maximum the ttl exceeded. */
    public Duration maxTtl() {
        return maxTtl;
    }

    /** For a renewal, the latest expiry the maximum allows; {@code null} for a new key. */
    public Instant latestExpiresAt() {
        return latestExpiresAt;
    }
}
