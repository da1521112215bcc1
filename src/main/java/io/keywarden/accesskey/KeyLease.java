package io.keywarden.accesskey;

import java.time.Duration;
import java.time.Instant;

/**
 * What the lease rules need of one key: its state, when it was created and expires, the lease
 * length it was granted, and the client that created it (whose maximum bounds its renewals).
 */
public record KeyLease(
        String accessKeyId,
        String userName,
        AccessKeyStatus status,
        Instant createdAt,
        Instant expiresAt,
        Duration lease,
        String issuedBy) {}
