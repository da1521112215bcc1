package io.keywarden.upstream;

import java.time.Instant;

/**
 * An access key as the upstream describes it. The secret is present only in a CreateAccessKey
 * answer (and possibly in ListAccessKeys, where it is dropped on parsing); {@link #toString()}
 * never shows it.
 *
 * @param accessKeyId the key's public part
 * @param secret the key's private part, or {@code null}
 * @param userId the upstream user id
 * @param description the remark
 * @param status {@code Active} or {@code Inactive}
 * @param createdAt creation time
 * @param updatedAt last update, or {@code null} when unset
 * @param expiresAt expiry, or {@code null} when the key does not expire
 */
public record UpstreamAccessKey(
        String accessKeyId,
        String secret,
        long userId,
        String description,
        UpstreamKeyStatus status,
        Instant createdAt,
        Instant updatedAt,
        Instant expiresAt) {

    @Override
    public String toString() {
        return "UpstreamAccessKey[accessKeyId=" + accessKeyId + ", secret=" + (secret == null ? "null" : "(hidden)")
                + ", userId=" + userId + ", description=" + description + ", status=" + status + ", createdAt="
                + createdAt + ", updatedAt=" + updatedAt + ", expiresAt=" + expiresAt + "]";
    }
}
