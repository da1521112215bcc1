package io.keywarden.accesskey;

import java.time.Instant;

/** A key's metadata as callers read it: everything keywarden knows of it except the secret, which it never had. */
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
        Instant retireAt) {

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
                key.retireAt());
    }
}
