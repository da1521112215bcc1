package io.keywarden.audit.internal;

import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.audit.AuditedAccess;
import io.keywarden.audit.AuditedAttempt;
import io.keywarden.audit.RejectedAttempts;
import io.keywarden.security.Caller;
import io.keywarden.security.CurrentCaller;
import io.keywarden.web.RejectedAttemptListener;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
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
 * the route declares, naming the key the route was for, if any. A request refused before a handler was chosen (a content type the route does
 * not consume) is audited as the action of the audited route it was sent to. Requests of
 * unauthenticated callers are not audited (there is nobody to name), and other routes not at all.
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
        Optional<AuditAction> action = actionOf(http);
        Optional<Caller> caller = CurrentCaller.of(http);
        if (action.isEmpty() || caller.isEmpty()) {
            return;
        }
        AuditOutcome outcome =
                problem.getStatus() == HttpStatus.FORBIDDEN.value() ? AuditOutcome.DENIED : AuditOutcome.INVALID;
        rejectedAttempts.record(RefusedRequests.entry(caller.get(), action.get(), outcome, keyOf(http), http)
                .detail(problem.getStatus() + " " + problem.getDetail()));
    }

    /** The key the request was for, as the matched route captured it; {@code null} for none. */
    private static String keyOf(HttpServletRequest http) {
        if (http.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables
                && variables.get(AuditedAccess.KEY_VARIABLE) instanceof String key) {
            return key;
        }
        return null;
    }

    private Optional<AuditAction> actionOf(HttpServletRequest http) {
        if (http.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE) instanceof HandlerMethod handler) {
            return Optional.ofNullable(handler.getMethodAnnotation(AuditedAttempt.class))
                    .map(AuditedAttempt::value);
        }
        return auditedRoutes.actionOf(http);
    }
}
