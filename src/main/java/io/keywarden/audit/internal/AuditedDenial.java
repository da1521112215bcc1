package io.keywarden.audit.internal;

import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.audit.RejectedAttempts;
import io.keywarden.identity.Caller;
import io.keywarden.identity.CurrentCaller;
import io.keywarden.identity.RouteAccess;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * The role rule of a route whose attempts are audited: when it refuses an authenticated client,
 * the refusal is audited {@code DENIED} as the route's action right where it is decided, naming
 * the key the request was for, if any, whether the caller is an API client, a demo operator or a
 * person signed in through the identity provider. An anonymous request is answered 401 and not
 * audited (there is nobody to name).
 */
public final class AuditedDenial implements AuthorizationManager<RequestAuthorizationContext> {

    private final AuditAction action;
    private final AuthorizationManager<RequestAuthorizationContext> rule;
    private final RejectedAttempts rejectedAttempts;
    private final Function<HttpServletRequest, String> keyOf;

    /** @param keyOf the id of the key a request is for, or {@code null} for a route on no key */
    public AuditedDenial(
            AuditAction action,
            AuthorizationManager<RequestAuthorizationContext> rule,
            RejectedAttempts rejectedAttempts,
            Function<HttpServletRequest, String> keyOf) {
        this.action = action;
        this.rule = rule;
        this.rejectedAttempts = rejectedAttempts;
        this.keyOf = keyOf;
    }

    @Override
    public AuthorizationResult authorize(
            Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) {
        AuthorizationResult result = rule.authorize(authentication, context);
        HttpServletRequest request = context.getRequest();
        Optional<Caller> caller = result == null || result.isGranted()
                ? Optional.empty()
                : CurrentCaller.of(authentication.get(), request);
        if (caller.isPresent()) {
            rejectedAttempts.record(RefusedRequests.entry(
                            caller.get(),
                            action,
                            AuditOutcome.DENIED,
                            keyOf.apply(request),
                            RefusedRequests.idempotencyKey(request, null))
                    .detail("403 " + RouteAccess.deniedDetail(request)));
        }
        return result;
    }
}
