package io.keywarden.audit.internal;

import java.time.Instant;

/** An audit event as stored: numbered, stamped and chained. */
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
                previousHash,
                value);
    }
}
