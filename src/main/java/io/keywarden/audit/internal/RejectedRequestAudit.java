package io.keywarden.audit.internal;

import io.keywarden.audit.AuditEntry;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.audit.AuditedAttempt;
import io.keywarden.audit.RejectedAttempts;
import io.keywarden.web.Headers;
import io.keywarden.web.PrintableText;
import io.keywarden.web.RejectedAttemptListener;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Audits the requests Spring MVC refuses on a route marked {@link AuditedAttempt}, as the action
 * the route declares. Requests of unauthenticated callers are not audited (there is nobody to
 * name), and routes without the mark are not audited at all.
 */
@Component
class RejectedRequestAudit implements RejectedAttemptListener {

    static final int MAX_IDEMPOTENCY_KEY = 255;

    private final RejectedAttempts rejectedAttempts;

    RejectedRequestAudit(RejectedAttempts rejectedAttempts) {
        this.rejectedAttempts = rejectedAttempts;
    }

    @Override
    public void rejected(WebRequest request, ProblemDetail problem) {
        if (!(request instanceof NativeWebRequest nativeRequest)
                || !(nativeRequest.getNativeRequest() instanceof HttpServletRequest http)
                || !(http.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE)
                        instanceof HandlerMethod handler)) {
            return;
        }
        AuditedAttempt attempt = handler.getMethodAnnotation(AuditedAttempt.class);
        Principal caller = http.getUserPrincipal();
        if (attempt == null || caller == null) {
            return;
        }
        AuditOutcome outcome =
                problem.getStatus() == HttpStatus.FORBIDDEN.value() ? AuditOutcome.DENIED : AuditOutcome.INVALID;
        rejectedAttempts.record(AuditEntry.of(caller.getName(), attempt.value(), outcome)
                .idempotencyKey(PrintableText.of(http.getHeader(Headers.IDEMPOTENCY_KEY), MAX_IDEMPOTENCY_KEY))
                .detail(problem.getStatus() + " " + problem.getDetail()));
    }
}
