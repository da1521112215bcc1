package io.keywarden.audit.internal;

import io.keywarden.platform.web.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a verification asked for while the first walk is still running: 429 with {@code
 * Retry-After}; and an export asked for by a scoped caller: 403.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class AuditProblemHandler {

    @ExceptionHandler(AuditVerifications.VerificationRunningException.class)
    ResponseEntity<ProblemDetail> running(AuditVerifications.VerificationRunningException ex) {
        return Problems.answer(
                Problems.tooManyRequests("verification-running", "Verification running", ex.getMessage()),
                AuditVerifications.RETRY_AFTER);
    }

    @ExceptionHandler(AuditEventController.ExportOutOfScopeException.class)
    ResponseEntity<ProblemDetail> outOfScope(AuditEventController.ExportOutOfScopeException ex) {
        return Problems.answer(Problems.forbidden(ex.getMessage()));
    }
}
