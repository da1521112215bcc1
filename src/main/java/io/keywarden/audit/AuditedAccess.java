package io.keywarden.audit;

import io.keywarden.audit.internal.AuditedDenial;
import io.keywarden.security.Role;
import io.keywarden.security.RouteAccess;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.stereotype.Component;

/**
 * Role rules for the routes whose every attempt is audited (creating and rotating keys): a client
 * the rule refuses is audited {@code DENIED} as the route's action, where the refusal is decided.
 */
@Component
public class AuditedAccess {

    private final RejectedAttempts rejectedAttempts;
    private final List<AuditedRoute> routes = new CopyOnWriteArrayList<>();

    AuditedAccess(RejectedAttempts rejectedAttempts) {
        this.rejectedAttempts = rejectedAttempts;
    }

    /**
     * The rule of one route: only these roles may call it, and any other client's attempt is
     * audited {@code DENIED} as {@code action}.
     *
     * @param method the route's method, or {@code null} for every method
     */
    public RouteAccess route(HttpMethod method, String pattern, AuditAction action, Role... roles) {
        String[] names = Arrays.stream(roles).map(Role::name).toArray(String[]::new);
        AuditedDenial rule =
                new AuditedDenial(action, AuthorityAuthorizationManager.hasAnyRole(names), rejectedAttempts);
        routes.add(new AuditedRoute(PathPatternRequestMatcher.withDefaults().matcher(method, pattern), action));
        return registry -> registry.requestMatchers(method, pattern).access(rule);
    }

    /** The action of the audited route {@code request} was sent to, if it was sent to one. */
    public Optional<AuditAction> actionOf(HttpServletRequest request) {
        return routes.stream()
                .filter(route -> route.matcher().matches(request))
                .map(AuditedRoute::action)
                .findFirst();
    }

    private record AuditedRoute(RequestMatcher matcher, AuditAction action) {}
}
