package io.keywarden.audit;

import io.keywarden.identity.Caller;
import io.keywarden.platform.web.RequestContext;

/**
 * What one audit event says, before it is stamped, numbered and chained. The request it was asked
 * for in comes with it explicitly, as its context: the caller's, for an event of a caller, and
 * none for keywarden's own jobs.
 *
 * @param actor the client's name, or {@code keywarden} for its own jobs
 * @param context the request the event belongs to (its id, address and the caller's token), or
 *     {@link RequestContext#NONE}
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
        RequestContext context,
        AuditAction action,
        AuditOutcome outcome,
        String userName,
        String accessKeyId,
        Integer upstreamRetCode,
        String upstreamRequestId,
        String idempotencyKey,
        String detail) {

    public AuditEntry {
        context = context == null ? RequestContext.NONE : context;
    }

    /** An event of {@code actor} outside any request: one of keywarden's jobs, or one acting for its starter. */
    public static AuditEntry of(String actor, AuditAction action, AuditOutcome outcome) {
        return new AuditEntry(actor, RequestContext.NONE, action, outcome, null, null, null, null, null, null);
    }

    /** An event of {@code caller}, in the request it is acting in. */
    public static AuditEntry of(Caller caller, AuditAction action, AuditOutcome outcome) {
        return of(caller.name(), action, outcome).in(caller.context());
    }

    /** The same event, of the request of {@code value}. */
    public AuditEntry in(RequestContext value) {
        return new AuditEntry(
                actor,
                value,
                action,
                outcome,
                userName,
                accessKeyId,
                upstreamRetCode,
                upstreamRequestId,
                idempotencyKey,
                detail);
    }

    /** The same event with another outcome: a step done for a reason of its own, such as an expiry. */
    public AuditEntry outcome(AuditOutcome value) {
        return new AuditEntry(
                actor,
                context,
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
                actor,
                context,
                action,
                outcome,
                value,
                accessKeyId,
                upstreamRetCode,
                upstreamRequestId,
                idempotencyKey,
                detail);
    }

    public AuditEntry key(String value) {
        return new AuditEntry(
                actor,
                context,
                action,
                outcome,
                userName,
                value,
                upstreamRetCode,
                upstreamRequestId,
                idempotencyKey,
                detail);
    }

    public AuditEntry upstream(Integer retCode, String requestId) {
        return new AuditEntry(
                actor, context, action, outcome, userName, accessKeyId, retCode, requestId, idempotencyKey, detail);
    }

    public AuditEntry idempotencyKey(String value) {
        return new AuditEntry(
                actor,
                context,
                action,
                outcome,
                userName,
                accessKeyId,
                upstreamRetCode,
                upstreamRequestId,
                value,
                detail);
    }

    public AuditEntry detail(String value) {
        return new AuditEntry(
                actor,
                context,
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
