package io.keywarden.audit.internal;

import java.time.Instant;

/**
 * An audit event as stored: numbered, stamped and chained.
 *
 * @param tokenSubject the subject of the identity provider's token the actor presented; null for
 *     a static token and for keywarden's own jobs
 * @param tokenId that token's {@code jti}; null likewise
 * @param chainVersion how {@code hash} is computed: {@link AuditChain#HMAC} (the chain key) for
 *     events written before the public chain, {@link AuditChain#SHA256} for every event since
 * @param keyId the key that protects the event: {@link AuditChain#CHAIN_KEY_ID} for version 1,
 *     the id of the Ed25519 signing key whose checkpoints cover it for version 2
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
        String hash,
        int chainVersion,
        String keyId) {

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
                value,
                chainVersion,
                keyId);
    }
}
