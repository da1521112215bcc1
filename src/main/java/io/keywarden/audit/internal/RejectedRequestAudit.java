package io.keywarden.audit.internal;

import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.audit.AuditedAccess;
import io.keywarden.audit.AuditedAttempt;
import io.keywarden.audit.RejectedAttempts;
import io.keywarden.identity.Caller;
import io.keywarden.identity.CurrentCaller;
import io.keywarden.platform.web.RejectedAttemptListener;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Audits the requests Spring MVC refuses on a route marked {@link AuditedAttempt}, as the action
 * the route declares, naming the key the route was for, if any. A request refused before a
 * handler was chosen (a content type the route does not consume) is audited as the action of the
 * audited route it was sent to. Requests of unauthenticated callers are not audited (there is
 * nobody to name), and other routes not at all.
 */
@Component
class RejectedRequestAudit implements RejectedAttemptListener {

    private final RejectedAttempts rejectedAttempts;
    private final AuditedAccess auditedRoutes;

    RejectedRequestAudit(RejectedAttempts rejectedAttempts, AuditedAccess auditedRoutes) {
        this.rejectedAttempts = rejectedAttempts;
        this.auditedRoutes = auditedRoutes;
    }

    @Override
    public void rejected(WebRequest request, ProblemDetail problem) {
        if (!(request instanceof NativeWebRequest nativeRequest)
                || !(nativeRequest.getNativeRequest() instanceof HttpServletRequest http)) {
            return;
        }
        Optional<AuditedAttempt> attempt = attemptOf(http);
        Optional<AuditAction> action =
                handled(http) ? attempt.map(AuditedAttempt::value) : auditedRoutes.actionOf(http);
        Optional<Caller> caller = CurrentCaller.of(http);
        if (action.isEmpty() || caller.isEmpty()) {
            return;
        }
        AuditOutcome outcome =
                problem.getStatus() == HttpStatus.FORBIDDEN.value() ? AuditOutcome.DENIED : AuditOutcome.INVALID;
        String idempotencyKey = RefusedRequests.idempotencyKey(
                http, attempt.map(AuditedAttempt::idempotencyKeyParameter).orElse(null));
        rejectedAttempts.record(RefusedRequests.entry(
                        caller.get(), action.get(), outcome, RefusedRequests.routeKey(http), idempotencyKey)
                .detail(problem.getStatus() + " " + problem.getDetail()));
    }

    /** Whether Spring MVC chose a handler method for the request before refusing it. */
    private static boolean handled(HttpServletRequest http) {
        return http.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE) instanceof HandlerMethod;
    }

    /** The declaration of the handler method Spring MVC chose, if it chose one and it is audited. */
    private static Optional<AuditedAttempt> attemptOf(HttpServletRequest http) {
        return http.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE) instanceof HandlerMethod handler
                ? Optional.ofNullable(handler.getMethodAnnotation(AuditedAttempt.class))
                : Optional.empty();
    }
}
