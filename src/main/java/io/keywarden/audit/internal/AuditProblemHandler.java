package io.keywarden.audit.internal;

import io.keywarden.audit.DatabaseBehindException;
import io.keywarden.platform.web.Problems;
import java.time.Duration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a verification asked for while the first walk is still running: 429 with {@code
 * Retry-After}; an export asked for by a scoped caller: 403; a create, rotation or renewal while
 * the database is behind its signed checkpoint: 503 {@code database-behind} naming the finding and
 * the acknowledgement, with {@code Retry-After} (the console shows the same problem as a page); and
 * an acknowledgement with nothing to acknowledge: 409.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class AuditProblemHandler {

    /** Until an operator acts: a retry sooner would be refused alike. */
    static final Duration HALTED_RETRY_AFTER = Duration.ofSeconds(60);

    @ExceptionHandler(AuditVerifications.VerificationRunningException.class)
    ResponseEntity<ProblemDetail> running(AuditVerifications.VerificationRunningException ex) {
        return Problems.answer(
                Problems.tooManyRequests("verification-running", "Verification running", ex.getMessage()),
                AuditVerifications.RETRY_AFTER);
    }

    @ExceptionHandler(DatabaseBehindException.class)
    ResponseEntity<ProblemDetail> databaseBehind(DatabaseBehindException ex) {
        return Problems.answer(
                Problems.unavailable("database-behind", "Database behind its signed audit checkpoint", ex.getMessage()),
                HALTED_RETRY_AFTER);
    }

    @ExceptionHandler(AuditLosses.NoLossException.class)
    ResponseEntity<ProblemDetail> noLoss(AuditLosses.NoLossException ex) {
        return Problems.answer(Problems.conflict("no-audit-loss", "No loss to acknowledge", ex.getMessage()));
    }

    @ExceptionHandler(AuditEventController.ExportOutOfScopeException.class)
    ResponseEntity<ProblemDetail> outOfScope(AuditEventController.ExportOutOfScopeException ex) {
        return Problems.answer(Problems.forbidden(ex.getMessage()));
    }
}
