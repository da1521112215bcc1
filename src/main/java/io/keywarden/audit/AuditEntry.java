package io.keywarden.audit;

/**
 * What one audit event says, before it is stamped, numbered and chained. Request id and client
 * address come from the request being handled when not given.
 *
 * @param actor the client's name, or {@code keywarden} for its own jobs
 * @param action what was attempted
 * @param outcome how it ended
 * @param userName the upstream user concerned, if any
 * @param accessKeyId the key concerned, if any
 * @param upstreamRetCode the upstream's RetCode, if it answered
 * @param upstreamRequestId the upstream's request id, if it answered
 * @param idempotencyKey the caller's idempotency key, if any; stored as its keyed hash only
 * @param detail a short explanation; never a secret
 */
public record AuditEntry(
        String actor,
        AuditAction action,
        AuditOutcome outcome,
        String userName,
        String accessKeyId,
        Integer upstreamRetCode,
        String upstreamRequestId,
        String idempotencyKey,
        String detail) {

    public static AuditEntry of(String actor, AuditAction action, AuditOutcome outcome) {
        return new AuditEntry(actor, action, outcome, null, null, null, null, null, null);
    }

    /** The same event with another outcome: a step done for a reason of its own, such as an expiry. */
    public AuditEntry outcome(AuditOutcome value) {
        return new AuditEntry(
                actor,
                action,
                value,
                userName,
                accessKeyId,
                upstreamRetCode,
                upstreamRequestId,
                idempotencyKey,
                detail);
    }

    public AuditEntry user(String value) {
        return new AuditEntry(
                actor, action, outcome, value, accessKeyId, upstreamRetCode, upstreamRequestId, idempotencyKey, detail);
    }

    public AuditEntry key(String value) {
        return new AuditEntry(
                actor, action, outcome, userName, value, upstreamRetCode, upstreamRequestId, idempotencyKey, detail);
    }

    public AuditEntry upstream(Integer retCode, String requestId) {
        return new AuditEntry(
                actor, action, outcome, userName, accessKeyId, retCode, requestId, idempotencyKey, detail);
    }

    public AuditEntry idempotencyKey(String value) {
        return new AuditEntry(
                actor, action, outcome, userName, accessKeyId, upstreamRetCode, upstreamRequestId, value, detail);
    }

    public AuditEntry detail(String value) {
        return new AuditEntry(
                actor,
                action,
                outcome,
                userName,
                accessKeyId,
                upstreamRetCode,
                upstreamRequestId,
                idempotencyKey,
                value);
    }
}
