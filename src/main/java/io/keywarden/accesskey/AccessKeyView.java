package io.keywarden.accesskey;

import io.keywarden.accesskey.internal.AccessKey;
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
                key.getAccessKeyId(),
                key.getUserName(),
                key.getUpstreamUserId(),
                key.getDescription(),
                key.getStatus(),
                key.getCreatedAt(),
                key.getExpiresAt(),
                key.getUpdatedAt(),
                key.getIssuedBy(),
                key.getRotatedFrom(),
                key.getRetireAt());
    }
}
