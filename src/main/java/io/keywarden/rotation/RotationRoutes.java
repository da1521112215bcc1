package io.keywarden.rotation;

import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditedAccess;
import io.keywarden.security.Role;
import io.keywarden.security.RouteAccess;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/** Who may rotate keys: ISSUER (in its scope) and ADMIN; any other client's attempt is audited. */
@Component
class RotationRoutes implements RouteAccess {

    private final AuditedAccess audited;

    RotationRoutes(AuditedAccess audited) {
        this.audited = audited;
    }

    @Override
    public void authorize(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry routes) {
        routes.requestMatchers(HttpMethod.POST, RotationController.MATCHED_PATH)
                .access(audited.hasAnyRole(AuditAction.ROTATE_ACCESS_KEY, Role.ISSUER, Role.ADMIN));
    }
}
