package io.keywarden.upstream.internal;

import io.keywarden.platform.web.Problems;
import io.keywarden.upstream.UpstreamFailure;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers an {@link UpstreamFailure}, whichever module threw it: a refusal is 502 with the
 * upstream's RetCode, message and request id; an unavailable upstream 503 with
 * {@code Retry-After}; an unknown outcome 504 with the upstream request id, where there is one.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class UpstreamFailureHandler {

    @ExceptionHandler(UpstreamFailure.class)
    ResponseEntity<ProblemDetail> handle(UpstreamFailure failure) {
        return switch (failure.kind()) {
            case REJECTED ->
                Problems.answer(Problems.upstreamRejected(failure.retCode(), failure.reason(), failure.requestId()));
            case UNAVAILABLE ->
                Problems.answer(Problems.upstreamUnavailable(failure.getMessage()), failure.retryAfter());
            case OUTCOME_UNKNOWN ->
                Problems.answer(Problems.upstreamOutcomeUnknown(failure.getMessage(), failure.requestId()));
            case SUCCESS -> throw new IllegalStateException("a success is no failure");
        };
    }
}
