package io.keywarden.security.internal;

import io.keywarden.audit.AuditAction;
import io.keywarden.audit.RejectedAttempts;
import io.keywarden.security.Role;
import io.keywarden.web.ProblemWriter;
import io.keywarden.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Stateless bearer-token security: who may call what. Roles gate the endpoints here; the
 * user-name scope of each client is enforced where the user name is known (the key services).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final String ISSUER = Role.ISSUER.name();
    private static final String AUDITOR = Role.AUDITOR.name();
    private static final String ADMIN = Role.ADMIN.name();

    /**
     * A URL the firewall refuses (encoded CR, LF, percent or slash, a semicolon, ...) is a 400
     * problem like every other bad request, never the container's error page or a 500.
     */
    @Bean
    RequestRejectedHandler rejectedUrls(ProblemWriter problems) {
        return (request, response, ex) -> {
            ProblemDetail problem =
                    ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request URL is not acceptable.");
            problem.setTitle("Invalid request");
            problems.write(response, problem);
        };
    }

    @Bean
    SecurityFilterChain api(
            HttpSecurity http, ClientDirectory clients, ProblemWriter problems, RejectedAttempts rejectedAttempts) {
        http.csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new BearerTokenFilter(clients, problems), AnonymousAuthenticationFilter.class)
                .exceptionHandling(handling -> handling.authenticationEntryPoint(entryPoint(problems))
                        .accessDeniedHandler(accessDenied(problems)))
                .authorizeHttpRequests(requests -> requests.requestMatchers("/error")
                        .permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info")
                        .permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                        .permitAll()
                        .requestMatchers("/sandbox/upstream", "/sandbox/upstream/**")
                        .permitAll()
                        .requestMatchers(HttpMethod.POST, "/v1/access-keys")
                        .access(audited(AuditAction.CREATE_ACCESS_KEY, rejectedAttempts, ISSUER, ADMIN))
                        .requestMatchers(HttpMethod.POST, "/v1/access-keys/*/rotate")
                        .access(audited(AuditAction.ROTATE_ACCESS_KEY, rejectedAttempts, ISSUER, ADMIN))
                        .requestMatchers(HttpMethod.GET, "/v1/access-keys", "/v1/access-keys/*")
                        .hasAnyRole(ISSUER, AUDITOR, ADMIN)
                        .requestMatchers("/v1/compat")
                        .access(audited(AuditAction.CREATE_ACCESS_KEY, rejectedAttempts, ISSUER, ADMIN))
                        .requestMatchers(HttpMethod.GET, "/admin/v1/audit-events", "/admin/v1/audit-events/**")
                        .hasAnyRole(AUDITOR, ADMIN)
                        .anyRequest()
                        .hasRole(ADMIN));
        return http.build();
    }

    /** A role rule whose refusals are audited as the action the route attempts. */
    private static AuthorizationManager<RequestAuthorizationContext> audited(
            AuditAction action, RejectedAttempts rejectedAttempts, String... roles) {
        return new AuditedDenial(action, AuthorityAuthorizationManager.hasAnyRole(roles), rejectedAttempts);
    }

    private static AuthenticationEntryPoint entryPoint(ProblemWriter problems) {
        return (request, response, ex) -> {
            response.setHeader("WWW-Authenticate", "Bearer");
            problems.write(
                    response, Problems.unauthenticated("A bearer token is required (Authorization: Bearer ...)."));
        };
    }

    private static AccessDeniedHandler accessDenied(ProblemWriter problems) {
        return (request, response, ex) -> problems.write(response, Problems.forbidden(deniedDetail(request)));
    }

    static String deniedDetail(HttpServletRequest request) {
        return "This client's roles do not allow " + request.getMethod() + " on this resource.";
    }
}
