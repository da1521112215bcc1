package io.keywarden.audit;

import io.keywarden.audit.internal.AuditedDenial;
import io.keywarden.security.Role;
import java.util.Arrays;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.stereotype.Component;

/**
 * Role rules for the routes whose every attempt is audited (creating and rotating keys): a client
 * the rule refuses is audited {@code DENIED} as the route's action, where the refusal is decided.
 */
@Component
public class AuditedAccess {

    private final RejectedAttempts rejectedAttempts;

    AuditedAccess(RejectedAttempts rejectedAttempts) {
        this.rejectedAttempts = rejectedAttempts;
    }

    public AuthorizationManager<RequestAuthorizationContext> hasAnyRole(AuditAction action, Role... roles) {
        String[] names = Arrays.stream(roles).map(Role::name).toArray(String[]::new);
        return new AuditedDenial(action, AuthorityAuthorizationManager.hasAnyRole(names), rejectedAttempts);
    }
}
