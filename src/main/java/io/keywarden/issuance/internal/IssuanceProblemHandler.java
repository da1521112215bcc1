package io.keywarden.issuance.internal;

import io.keywarden.accesskey.AccessKeyView;
import io.keywarden.issuance.AwaitingOperatorException;
import io.keywarden.issuance.IdempotencyKeyReusedException;
import io.keywarden.issuance.KeyLimitReachedException;
import io.keywarden.issuance.OrphanReportNotOpenException;
import io.keywarden.issuance.OrphanResolutionInProgressException;
import io.keywarden.issuance.ReconciliationDeferredException;
import io.keywarden.issuance.RecoveredKeysUnreviewedException;
import io.keywarden.issuance.RequestInProgressException;
import io.keywarden.platform.web.Problems;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers the refusals of the create protocol: a reused idempotency key (422), one still in
 * progress (409), a user at the upstream's key limit (409), an earlier attempt waiting for an
 * operator (409), a user whose keys recovered after a loss await an operator's review (409), and an
 * earlier attempt that cannot be settled yet (503 with {@code Retry-After}).
 * A key that cannot be rotated now is {@code accesskey}'s refusal, answered there.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class IssuanceProblemHandler {

    static final String KEY_LIMIT_REACHED = "key-limit-reached";

    @ExceptionHandler(IdempotencyKeyReusedException.class)
    ResponseEntity<ProblemDetail> reused(IdempotencyKeyReusedException ex) {
        return Problems.answer(Problems.idempotencyKeyReused(ex.getMessage()));
    }

    @ExceptionHandler(RequestInProgressException.class)
    ResponseEntity<ProblemDetail> inProgress(RequestInProgressException ex) {
        return Problems.answer(Problems.conflict("request-in-progress", "Request in progress", ex.getMessage()));
    }

    /**
     * The limit, the user and its live keys (the caller's scope covers the user), and, when the
     * upstream refused, its RetCode, message and request id as on any upstream refusal.
     */
    @ExceptionHandler(KeyLimitReachedException.class)
    ResponseEntity<ProblemDetail> keyLimitReached(KeyLimitReachedException ex) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("userName", ex.userName());
        if (ex.limit() != null) {
            members.put("limit", ex.limit());
        }
        members.put(
                "liveKeys",
                ex.liveKeys().stream().map(IssuanceProblemHandler::liveKey).toList());
        if (ex.upstream() != null) {
            members.put("retCode", ex.retCode());
            members.put("upstreamMessage", ex.upstream().message());
            members.put("upstreamRequestId", ex.upstream().requestId());
        }
        return Problems.answer(Problems.conflict(KEY_LIMIT_REACHED, "Key limit reached", ex.getMessage(), members));
    }

    private static Map<String, Object> liveKey(AccessKeyView key) {
        Map<String, Object> member = new LinkedHashMap<>();
        member.put("accessKeyId", key.accessKeyId());
        member.put("status", key.status().name());
        if (key.retireAt() != null) {
            member.put("retireAt", key.retireAt());
        }
        return member;
    }

    @ExceptionHandler(AwaitingOperatorException.class)
    ResponseEntity<ProblemDetail> awaitingOperator(AwaitingOperatorException ex) {
        return Problems.answer(Problems.conflict(
                "orphan-ambiguous",
                "Earlier attempt awaits an operator",
                ex.getMessage(),
                Map.of("issuanceId", ex.issuanceId().toString())));
    }

    /** The user, its recovered keys awaiting review, and where an operator reviews them. */
    @ExceptionHandler(RecoveredKeysUnreviewedException.class)
    ResponseEntity<ProblemDetail> recoveredKeysUnreviewed(RecoveredKeysUnreviewedException ex) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("userName", ex.refusedUserName());
        members.put("recoveredKeys", ex.accessKeyIds());
        members.put("reviewAt", RecoveredKeysUnreviewedException.REVIEW_ROUTE);
        return Problems.answer(Problems.conflict(
                "recovered-keys-unreviewed", "Recovered keys await review", ex.getMessage(), members));
    }

    @ExceptionHandler(OrphanResolutionInProgressException.class)
    ResponseEntity<ProblemDetail> resolutionInProgress(OrphanResolutionInProgressException ex) {
        return Problems.answer(Problems.conflict("resolution-in-progress", "Resolution in progress", ex.getMessage()));
    }

    @ExceptionHandler(OrphanReportNotOpenException.class)
    ResponseEntity<ProblemDetail> reportNotOpen(OrphanReportNotOpenException ex) {
        return Problems.answer(Problems.notFound(ex.getMessage()));
    }

    @ExceptionHandler(ReconciliationDeferredException.class)
    ResponseEntity<ProblemDetail> deferred(ReconciliationDeferredException ex) {
        return Problems.answer(Problems.upstreamUnavailable(ex.getMessage()), ex.retryAfter());
    }
}
