package io.keywarden.identity.internal;

import io.keywarden.identity.ScopeDeniedException;
import io.keywarden.platform.web.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Answers a request for a user outside the client's scope with a 403 problem. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ScopeProblemHandler {

    @ExceptionHandler(ScopeDeniedException.class)
    ResponseEntity<ProblemDetail> handle(ScopeDeniedException ex) {
        return Problems.answer(Problems.forbidden(ex.getMessage()));
    }
}
