package io.keywarden.audit.internal;

import java.time.Instant;

/**
 * An audit event as stored: numbered, stamped and chained. {@code tokenSubject} and {@code
 * tokenId} name the identity provider's token the actor presented (its subject and {@code jti});
 * both are null for a static token and for keywarden's own jobs.
 */
public record StoredAuditEvent(
        long id,
        Instant occurredAt,
        String actor,
        String action,
        String outcome,
        String userName,
        String accessKeyId,
        Integer upstreamRetCode,
        String upstreamRequestId,
        String idempotencyKey,
        String requestId,
        String clientAddress,
        String detail,
        String tokenSubject,
        String tokenId,
        String previousHash,
        String hash) {

    public StoredAuditEvent withHash(String value) {
        return new StoredAuditEvent(
                id,
                occurredAt,
                actor,
                action,
                outcome,
                userName,
                accessKeyId,
                upstreamRetCode,
                upstreamRequestId,
                idempotencyKey,
                requestId,
                clientAddress,
                detail,
                tokenSubject,
                tokenId,
                previousHash,
                value);
    }
}
