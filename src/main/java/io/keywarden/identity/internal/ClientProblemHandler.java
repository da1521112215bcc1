package io.keywarden.identity.internal;

import io.keywarden.identity.SealKeyRequiredException;
import io.keywarden.identity.UnknownClientException;
import io.keywarden.platform.web.Problems;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Answers the refusals of a change to a client's seal key: unknown client 404, a key an auto-rotating client needs 409. */
@RestControllerAdvice
class ClientProblemHandler {

    @ExceptionHandler(UnknownClientException.class)
    ResponseEntity<ProblemDetail> unknown(UnknownClientException ex) {
        return Problems.answer(Problems.notFound(ex.getMessage()));
    }

    @ExceptionHandler(SealKeyRequiredException.class)
    ResponseEntity<ProblemDetail> required(SealKeyRequiredException ex) {
        return Problems.answer(Problems.conflict("seal-key-required", "Seal key required", ex.getMessage()));
    }
}
