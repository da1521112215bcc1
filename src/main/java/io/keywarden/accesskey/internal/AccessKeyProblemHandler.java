package io.keywarden.accesskey.internal;

import io.keywarden.accesskey.AccessKeyDeletedException;
import io.keywarden.accesskey.AccessKeyNotFoundException;
import io.keywarden.accesskey.KeyNotRenewableException;
import io.keywarden.accesskey.KeyNotRotatableException;
import io.keywarden.accesskey.LeaseTooLongException;
import io.keywarden.accesskey.RecoveryNotPendingException;
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
 * Answers the refusals of a key's lifecycle, wherever they were asked for: an unknown or invisible
 * key with 404, a deleted one with 409, a key that cannot be rotated now with 409, one whose lease
 * cannot be renewed with 409 naming its status ({@code keyStatus}), and a ttl over the maximum with
 * 422 naming the maximum ({@code maxTtl}, and for a renewal {@code latestExpiresAt}), and the
 * review of a key that awaits none with 409.
 */
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

    @ExceptionHandler(RecoveryNotPendingException.class)
    ResponseEntity<ProblemDetail> recoveryNotPending(RecoveryNotPendingException ex) {
        return Problems.answer(Problems.conflict("recovery-not-pending", "No recovery to review", ex.getMessage()));
    }

    @ExceptionHandler(KeyNotRotatableException.class)
    ResponseEntity<ProblemDetail> notRotatable(KeyNotRotatableException ex) {
        return Problems.answer(Problems.conflict("key-not-rotatable", "Key not rotatable", ex.getMessage()));
    }

    @ExceptionHandler(KeyNotRenewableException.class)
    ResponseEntity<ProblemDetail> notRenewable(KeyNotRenewableException ex) {
        return Problems.answer(Problems.conflict(
                "key-not-renewable",
                "Key not renewable",
                ex.getMessage(),
                Map.of("keyStatus", ex.status().name())));
    }

    @ExceptionHandler(LeaseTooLongException.class)
    ResponseEntity<ProblemDetail> tooLong(LeaseTooLongException ex) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put(Problems.PARAMETER, "ttl");
        members.put("maxTtl", ex.maxTtl().toString());
        if (ex.latestExpiresAt() != null) {
            members.put("latestExpiresAt", ex.latestExpiresAt().toString());
        }
        return Problems.answer(Problems.unprocessable("ttl-too-long", "Ttl too long", ex.getMessage(), members));
    }
}
