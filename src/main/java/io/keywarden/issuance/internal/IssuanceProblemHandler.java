package io.keywarden.issuance.internal;

import io.keywarden.issuance.AwaitingOperatorException;
import io.keywarden.issuance.IdempotencyKeyReusedException;
import io.keywarden.issuance.KeyNotRotatableException;
import io.keywarden.issuance.ReconciliationDeferredException;
import io.keywarden.issuance.RequestInProgressException;
import io.keywarden.web.Problems;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers the refusals of the create protocol: a reused idempotency key (422), one still in
 * progress (409), a key that cannot be rotated now (409), an earlier attempt waiting for an
 * operator (409), and an earlier attempt that cannot be settled yet (503 with {@code Retry-After}).
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class IssuanceProblemHandler {

    @ExceptionHandler(IdempotencyKeyReusedException.class)
    ResponseEntity<ProblemDetail> reused(IdempotencyKeyReusedException ex) {
        return Problems.answer(Problems.idempotencyKeyReused(ex.getMessage()));
    }

    @ExceptionHandler(RequestInProgressException.class)
    ResponseEntity<ProblemDetail> inProgress(RequestInProgressException ex) {
        return Problems.answer(Problems.conflict("request-in-progress", "Request in progress", ex.getMessage()));
    }

    @ExceptionHandler(KeyNotRotatableException.class)
    ResponseEntity<ProblemDetail> notRotatable(KeyNotRotatableException ex) {
        return Problems.answer(Problems.conflict("key-not-rotatable", "Key not rotatable", ex.getMessage()));
    }

    @ExceptionHandler(AwaitingOperatorException.class)
    ResponseEntity<ProblemDetail> awaitingOperator(AwaitingOperatorException ex) {
        return Problems.answer(Problems.conflict(
                "orphan-ambiguous",
                "Earlier attempt awaits an operator",
                ex.getMessage(),
                Map.of("issuanceId", ex.issuanceId().toString())));
    }

    @ExceptionHandler(AmbiguousOrphanResolution.ResolutionInProgressException.class)
    ResponseEntity<ProblemDetail> resolutionInProgress(AmbiguousOrphanResolution.ResolutionInProgressException ex) {
        return Problems.answer(Problems.conflict("resolution-in-progress", "Resolution in progress", ex.getMessage()));
    }

    @ExceptionHandler(AmbiguousOrphanResolution.ReportNotOpenException.class)
    ResponseEntity<ProblemDetail> reportNotOpen(AmbiguousOrphanResolution.ReportNotOpenException ex) {
        return Problems.answer(Problems.notFound(ex.getMessage()));
    }

    @ExceptionHandler(ReconciliationDeferredException.class)
    ResponseEntity<ProblemDetail> deferred(ReconciliationDeferredException ex) {
        return Problems.answer(Problems.upstreamUnavailable(ex.getMessage()), ex.retryAfter());
    }
}
