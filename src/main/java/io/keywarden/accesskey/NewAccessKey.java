package io.keywarden.accesskey;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * What keywarden records of a key the upstream just created: everything but the secret, of which
 * only the SHA-256 is kept. {@code expiresAt} is keywarden's own lease where one was granted
 * ({@code lease}, its length), which keywarden ends itself; the upstream need not support expiry.
 */
public record NewAccessKey(
        String accessKeyId,
        String userName,
        long upstreamUserId,
        String description,
        String secretSha256,
        String issuedBy,
        UUID issuanceId,
        String rotatedFrom,
        Instant createdAt,
        Instant updatedAt,
        Instant expiresAt,
        Duration lease) {}
