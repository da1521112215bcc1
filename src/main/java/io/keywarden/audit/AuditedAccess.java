package io.keywarden.audit;

import io.keywarden.audit.internal.AuditedDenial;
import io.keywarden.identity.Role;
import io.keywarden.identity.RouteAccess;
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
 * Role rules for the routes whose every attempt is audited (creating keys and every action on a
 * key): a client the rule refuses is audited {@code DENIED} as the route's action, where the
 * refusal is decided, naming the key when the route's pattern captures {@value #KEY_VARIABLE}.
 * The route's handler method is marked {@link AuditedAttempt} with the same action, for the
 * refusals decided after the role rule.
 */
@Component
public class AuditedAccess {

    /** The path variable of a route on one key: its id, as the route's pattern captures it. */
    public static final String KEY_VARIABLE = "accessKeyId";

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
     * @param pattern the route, with {@code {accessKeyId}} where it names a key
     */
    public RouteAccess route(HttpMethod method, String pattern, AuditAction action, Role... roles) {
        String[] names = Arrays.stream(roles).map(Role::name).toArray(String[]::new);
        PathPatternRequestMatcher matcher =
                PathPatternRequestMatcher.withDefaults().matcher(method, pattern);
        AuditedDenial rule = new AuditedDenial(
                action,
                AuthorityAuthorizationManager.hasAnyRole(names),
                rejectedAttempts,
                request -> matcher.matcher(request).getVariables().get(KEY_VARIABLE));
        routes.add(new AuditedRoute(matcher, action));
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
