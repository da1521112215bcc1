package io.keywarden.audit.internal;

import io.keywarden.audit.AuditOutcome;
import io.keywarden.audit.AuditedAttempt;
import io.keywarden.audit.RejectedAttempts;
import io.keywarden.identity.Caller;
import io.keywarden.identity.CurrentCaller;
import io.keywarden.platform.web.Refusal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Audits every domain refusal ({@link Refusal}) that leaves a handler method marked {@link
 * AuditedAttempt}, whichever module refused and whichever route the attempt came by: the API, the
 * compat API and the console's forms alike. It runs before every other exception resolver and
 * answers nothing, so the route's own handlers (problem details, RetCodes, pages) still answer the
 * refusal; each refusal leaves its handler once, so it is audited once. The event is the route's
 * action, with the refusal's outcome, the caller in the context of its request, the key the route
 * was for, the user the refusal names (else the key's owner), the caller's idempotency key and
 * the refusal's message. An upstream's refusal ({@link Refusal#refusal()} {@code null}) was
 * audited with the attempt it ended, and is left alone.
 */
@Component
class RefusalAudit implements HandlerExceptionResolver, Ordered {

    private final RejectedAttempts rejectedAttempts;

    RefusalAudit(RejectedAttempts rejectedAttempts) {
        this.rejectedAttempts = rejectedAttempts;
    }

    @Override
    public ModelAndView resolveException(
            HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        if (!(ex instanceof Refusal refusal)
                || refusal.refusal() == null
                || !(handler instanceof HandlerMethod method)) {
            return null;
        }
        AuditedAttempt attempt = method.getMethodAnnotation(AuditedAttempt.class);
        Optional<Caller> caller = CurrentCaller.of(request);
        if (attempt != null && caller.isPresent()) {
            rejectedAttempts.record(RefusedRequests.entry(
                            caller.get(),
                            attempt.value(),
                            outcome(refusal.refusal()),
                            RefusedRequests.routeKey(request),
                            RefusedRequests.idempotencyKey(request, attempt.idempotencyKeyParameter()))
                    .user(refusal.refusedUserName())
                    .detail(ex.getMessage()));
        }
        return null;
    }

    /** Before Spring MVC's own resolvers, which answer the refusal. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }

    static AuditOutcome outcome(Refusal.Kind kind) {
        return switch (kind) {
            case INVALID -> AuditOutcome.INVALID;
            case DENIED -> AuditOutcome.DENIED;
            case IN_PROGRESS -> AuditOutcome.IN_PROGRESS;
            case AWAITING_OPERATOR -> AuditOutcome.ORPHAN_AMBIGUOUS;
            case HALTED -> AuditOutcome.HALTED;
            case AWAITING_REVIEW -> AuditOutcome.AWAITING_REVIEW;
        };
    }
}
