package io.keywarden.lease.internal;

import io.keywarden.lease.LeaseTooLongException;
import io.keywarden.web.Problems;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a ttl over the caller's maximum with 422 naming the maximum ({@code maxTtl}, and for a
 * renewal {@code latestExpiresAt}), and a key whose lease cannot be renewed with 409 naming its
 * status ({@code keyStatus}), wherever they were asked for.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class LeaseProblemHandler {

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

    @ExceptionHandler(KeyNotRenewableException.class)
    ResponseEntity<ProblemDetail> notRenewable(KeyNotRenewableException ex) {
        return Problems.answer(Problems.conflict(
                "key-not-renewable", "Key not renewable", ex.getMessage(), Map.of("keyStatus", ex.status())));
    }
}
