package io.keywarden.revocation;

import io.keywarden.platform.web.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Answers an unknown revocation with 404. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class RevocationProblemHandler {

    @ExceptionHandler(RevocationNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(RevocationNotFoundException ex) {
        return Problems.answer(Problems.notFound(ex.getMessage()));
    }
}
