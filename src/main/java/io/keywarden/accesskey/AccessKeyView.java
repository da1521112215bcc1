package io.keywarden.accesskey;

import java.time.Instant;

/**
 * A key's metadata as callers read it: everything keywarden knows of it except the secret, which it
 * never had. A key recovered after a loss of the database's commits says so ({@code
 * recoveredAfterLoss}, and {@code recovery}: the loss, when it was adopted, and its review); its
 * {@code issuedBy} is {@code null}, since which client holds it is unknown.
 */
public record AccessKeyView(
        String accessKeyId,
        String userName,
        long userId,
        String description,
        AccessKeyStatus status,
        Instant createdAt,
        Instant expiresAt,
        Instant updatedAt,
        String issuedBy,
        String rotatedFrom,
        Instant retireAt,
        boolean recoveredAfterLoss,
        KeyRecovery recovery) {

    static AccessKeyView of(AccessKey key) {
        return new AccessKeyView(
                key.accessKeyId(),
                key.userName(),
                key.upstreamUserId(),
                key.description(),
                key.status(),
                key.createdAt(),
                key.expiresAt(),
                key.updatedAt(),
                key.issuedBy(),
                key.rotatedFrom(),
                key.retireAt(),
                key.recovery() != null,
                key.recovery());
    }
}
