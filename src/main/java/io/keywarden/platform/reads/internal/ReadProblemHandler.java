package io.keywarden.platform.reads.internal;

import io.keywarden.platform.reads.ReadTimedOutException;
import io.keywarden.platform.reads.TooManyReadsException;
import io.keywarden.platform.web.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Answers a search the read bulkhead refused or the database cancelled: 503 with {@code Retry-After}. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ReadProblemHandler {

    @ExceptionHandler(ReadTimedOutException.class)
    ResponseEntity<ProblemDetail> timedOut(ReadTimedOutException ex) {
        return Problems.answer(Problems.readTimedOut(ex.getMessage()), ReadTimedOutException.RETRY_AFTER);
    }

    @ExceptionHandler(TooManyReadsException.class)
    ResponseEntity<ProblemDetail> tooMany(TooManyReadsException ex) {
        return Problems.answer(Problems.tooManyReads(ex.getMessage()), TooManyReadsException.RETRY_AFTER);
    }
}
