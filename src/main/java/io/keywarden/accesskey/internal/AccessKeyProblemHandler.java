package io.keywarden.accesskey.internal;

import io.keywarden.accesskey.AccessKeyDeletedException;
import io.keywarden.accesskey.AccessKeyNotFoundException;
import io.keywarden.web.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Answers an unknown or invisible key with 404 and a deleted one with 409, wherever they were asked for. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class AccessKeyProblemHandler {

    @ExceptionHandler(AccessKeyNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(AccessKeyNotFoundException ex) {
        return Problems.answer(Problems.notFound(ex.getMessage()));
    }

    @ExceptionHandler(AccessKeyDeletedException.class)
    ResponseEntity<ProblemDetail> deleted(AccessKeyDeletedException ex) {
        return Problems.answer(Problems.conflict("key-deleted", "Key deleted", ex.getMessage()));
    }
}
