package io.keywarden.audit;

import io.keywarden.identity.Caller;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The audit log as a reader other than the HTTP API sees it: the same search in the caller's
 * scope, checked by the same rules, and the same one-walk-at-a-time verification of the chain.
 */
public interface AuditTrail {

    /** A page of events newest first; a malformed parameter is an {@code InvalidInputException}. */
    Page search(Caller caller, Query query);

    /** A walk of the chain now, or the latest one while another runs; empty before any has finished. */
    Optional<Verification> verifyNow();

    /** The latest finished walk on this instance, if any. */
    Optional<Verification> latestVerification();

    /** The log as it stands now: how many events it holds and when the newest happened; empty while it is empty. */
    Optional<Head> head();

    /**
     * A search as typed into a form: every parameter as text, blank for "any".
     *
     * @param accessKeyId only events of this key, or blank
     */
    record Query(
            String userName,
            String actor,
            String action,
            String outcome,
            String from,
            String to,
            String accessKeyId,
            String limit,
            String cursor) {}

    /** One page, and the cursor of the next ({@code null} on the last). */
    record Page(List<Event> items, String nextCursor) {}

    /** An audit event as a reader sees it (its hashes left out). */
    record Event(
            long id,
            Instant occurredAt,
            String actor,
            String action,
            String outcome,
            String userName,
            String accessKeyId,
            Integer upstreamRetCode,
            String requestId,
            String detail) {}

    /**
     * The newest event of the log. The log numbers its events 1, 2, 3, ... as it chains them, so
     * the newest one's number is how many events the log holds.
     *
     * @param events how many events the log holds
     * @param newestAt when the newest event happened
     */
    record Head(long events, Instant newestAt) {}

    /**
     * What a walk of the chain found, and when it finished.
     *
     * @param checkpoint the signed checkpoint outside the database the chain was compared with, or
     *     {@code null} when there was none yet
     */
    record Verification(
            boolean intact,
            long eventsChecked,
            Long firstBrokenEventId,
            String reason,
            Long checkpoint,
            Instant verifiedAt) {}
}
