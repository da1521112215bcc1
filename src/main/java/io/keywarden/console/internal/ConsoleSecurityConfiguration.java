package io.keywarden.console.internal;

import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditedAccess;
import io.keywarden.identity.ConsoleSignIn;
import io.keywarden.identity.Role;
import io.keywarden.identity.RouteAccess;
import io.keywarden.platform.web.OversizedBodyRefusal;
import jakarta.servlet.RequestDispatcher;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

/**
 * The console's own filter chain, ahead of the API's bearer-token chain: people sign in once and
 * keep a server-side session, so every form carries a CSRF token, and the pages forbid framing,
 * inline scripts and referrers. Roles gate the routes here as the API gates its own; the user-name
 * scope is enforced by the services the pages call. People sign in through the identity provider
 * ({@link ConsoleSignIn}) and, in the {@code local} profile and tests, the demo operators' form.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurityConfiguration {

    static final String LOGIN = "/console/login";
    static final String DENIED = "/console/denied";

    /** No inline script or style, nothing from elsewhere, no framing, forms post only here. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private static final String ISSUER = Role.ISSUER.name();
    private static final String AUDITOR = Role.AUDITOR.name();
    private static final String ADMIN = Role.ADMIN.name();

    @Bean
    @Order(1)
    SecurityFilterChain console(
            HttpSecurity http,
            ConsoleSignIn signIn,
            ObjectProvider<DemoOperatorSignIn> demoOperators,
            AuditedAccess audited,
            OversizedBodyRefusal oversizedBodies)
            throws Exception {
        // As on the API, a person whose roles may not act on a key is audited when they try, with the key.
        List<RouteAccess> keyActions = List.of(
                audited.route(
                        HttpMethod.POST,
                        "/console/keys/{accessKeyId}/rotate",
                        AuditAction.ROTATE_ACCESS_KEY,
                        Role.ISSUER,
                        Role.ADMIN),
                audited.route(
                        HttpMethod.POST,
                        "/console/keys/{accessKeyId}/renew",
                        AuditAction.RENEW_ACCESS_KEY,
                        Role.ISSUER,
                        Role.ADMIN),
                audited.route(HttpMethod.POST, "/console/keys", AuditAction.CREATE_ACCESS_KEY, Role.ISSUER, Role.ADMIN),
                audited.route(
                        HttpMethod.POST,
                        "/console/keys/{accessKeyId}/disable",
                        AuditAction.DISABLE_ACCESS_KEY,
                        Role.ADMIN),
                audited.route(
                        HttpMethod.POST,
                        "/console/keys/{accessKeyId}/enable",
                        AuditAction.ENABLE_ACCESS_KEY,
                        Role.ADMIN),
                audited.route(
                        HttpMethod.POST,
                        "/console/keys/{accessKeyId}/delete",
                        AuditAction.DELETE_ACCESS_KEY,
                        Role.ADMIN),
                audited.route(
                        HttpMethod.POST,
                        "/console/keys/{accessKeyId}/recovery-review",
                        AuditAction.REVIEW_RECOVERED_KEY,
                        Role.ADMIN));
        // The icon browsers ask for unasked is the console's, so its chain answers it, to anyone.
        http.securityMatcher("/console", "/console/**", ConsoleWebConfiguration.FAVICON)
                // An oversized form is a 413, not a missing CSRF token: its token was in the part not read.
                .addFilterBefore(oversizedBodies, CsrfFilter.class)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
                        .frameOptions(frame -> frame.deny()))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint(
                                signIn.identityProviderEnabled() ? ConsoleSignIn.SIGN_IN : LOGIN))
                        .accessDeniedHandler(deniedPage()))
                .logout(logout -> logout.logoutUrl("/console/logout").logoutSuccessUrl(LOGIN + "?signedOut"))
                .authorizeHttpRequests(requests -> {
                    requests.requestMatchers(LOGIN, DENIED, "/console/assets/**", ConsoleWebConfiguration.FAVICON)
                            .permitAll();
                    keyActions.forEach(action -> action.authorize(requests));
                    requests.requestMatchers(HttpMethod.POST, "/console/keys/*/**")
                            .hasRole(ADMIN)
                            // The forms and preview of a create and a renewal, for those who may make them.
                            .requestMatchers(HttpMethod.GET, "/console/keys/new", "/console/keys/*/renewal")
                            .hasAnyRole(ISSUER, ADMIN)
                            // Ambiguous orphans and bulk revocations are ADMIN's, as under /admin on the API.
                            .requestMatchers("/console/orphans", "/console/orphans/**")
                            .hasRole(ADMIN)
                            .requestMatchers("/console/revocations", "/console/revocations/**")
                            .hasRole(ADMIN)
                            .requestMatchers("/console/audit", "/console/audit/**")
                            .hasAnyRole(AUDITOR, ADMIN)
                            .requestMatchers("/console/jobs", "/console/jobs/**")
                            .hasRole(ADMIN)
                            // Acknowledging a database behind its signed checkpoint, as under /admin on the API.
                            .requestMatchers(AuditLossPage.PATH)
                            .hasRole(ADMIN)
                            .anyRequest()
                            .hasAnyRole(ISSUER, AUDITOR, ADMIN);
                });
        DemoOperatorSignIn demo = demoOperators.getIfAvailable();
        if (demo != null) {
            demo.configure(http);
        }
        // Last, so the identity provider's sign-out (which also ends its own session) wins.
        signIn.configure(http);
        return http.build();
    }

    /** A refusal is a readable page with status 403, whether the role or the CSRF token failed. */
    private static AccessDeniedHandler deniedPage() {
        return (request, response, ex) -> {
            response.setStatus(403);
            request.setAttribute(SignInPages.CSRF, ex instanceof CsrfException);
            request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 403);
            request.getRequestDispatcher(DENIED).forward(request, response);
        };
    }

    /** Rewrites the console's asset links to their content-hashed names, so a new asset is never a stale one. */
    @Bean
    FilterRegistrationBean<ResourceUrlEncodingFilter> consoleAssetLinks() {
        var registration = new FilterRegistrationBean<>(new ResourceUrlEncodingFilter());
        registration.addUrlPatterns("/console", "/console/*");
        return registration;
    }
}
