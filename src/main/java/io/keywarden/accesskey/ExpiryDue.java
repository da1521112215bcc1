package io.keywarden.accesskey;

import java.time.Instant;

/**
 * A key whose lease has ended and that is not gone yet, in the order the expiry job walks them:
 * oldest expiry first, then by position.
 *
 * @param expiresAt when its lease ended
 * @param position its row's position, the tie-breaker of the walk
 * @param accessKeyId the key
 * @param userName its user
 */
public record ExpiryDue(Instant expiresAt, long position, String accessKeyId, String userName) {

    /** Where a walk starts: before every key. */
    public static ExpiryDue start() {
        return new ExpiryDue(Instant.EPOCH, 0, null, null);
    }
}
