package io.keywarden.accesskey;

import io.keywarden.platform.web.Refusal;
import java.time.Duration;
import java.time.Instant;

/**
 * A ttl asks for more than the caller's maximum. Answered with 422 naming the maximum (and, for a
 * renewal, the latest expiry the maximum allows), and on the compat API with RetCode 230; audited
 * {@code INVALID}.
 */
public class LeaseTooLongException extends RuntimeException implements Refusal {

    private final Duration maxTtl;
    private final Instant latestExpiresAt;
    private final String userName;

    public LeaseTooLongException(String detail, Duration maxTtl, Instant latestExpiresAt) {
        this(detail, maxTtl, latestExpiresAt, null);
    }

    private LeaseTooLongException(String detail, Duration maxTtl, Instant latestExpiresAt, String userName) {
        super(detail, null, false, false);
        this.maxTtl = maxTtl;
        this.latestExpiresAt = latestExpiresAt;
        this.userName = userName;
    }

    /** The same refusal, of an attempt on the keys of {@code userName}, so its audit names the user. */
    public LeaseTooLongException concerning(String userName) {
        return new LeaseTooLongException(getMessage(), maxTtl, latestExpiresAt, userName);
    }

    /** The maximum the ttl exceeded. */
    public Duration maxTtl() {
        return maxTtl;
    }

    /** For a renewal, the latest expiry the maximum allows; {@code null} for a new key. */
    public Instant latestExpiresAt() {
        return latestExpiresAt;
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
