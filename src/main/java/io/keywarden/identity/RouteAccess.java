package io.keywarden.identity;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * Who may call a module's own routes, declared by the module that serves them (beside the
 * controller), so a route and its rule are spelled in one module. The filter chain applies every
 * module's rules after the public paths and before its catch-all: any path no rule names is ADMIN's.
 */
@FunctionalInterface
public interface RouteAccess {

    void authorize(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry routes);

    /** What a client whose roles may not call a route is told (403). */
    static String deniedDetail(HttpServletRequest request) {
        return "This client's roles do not allow " + request.getMethod() + " on this resource.";
    }
}
