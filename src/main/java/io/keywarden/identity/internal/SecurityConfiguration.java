package io.keywarden.identity.internal;

import io.keywarden.identity.Role;
import io.keywarden.identity.RouteAccess;
import io.keywarden.platform.web.ProblemWriter;
import io.keywarden.platform.web.Problems;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Stateless bearer-token security (static tokens and identity-provider JWTs; never a session):
 * who may call what. Roles gate the endpoints here, and each
 * module's own {@link RouteAccess} rules gate its routes (those that audit refusals); the
 * user-name scope of each client is enforced where the user name is known (the key services and
 * the audit search). The sandbox's paths are open only while keywarden serves the sandbox.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final String ISSUER = Role.ISSUER.name();
    private static final String AUDITOR = Role.AUDITOR.name();
    private static final String ADMIN = Role.ADMIN.name();
    private static final String METRICS = Role.METRICS.name();

    /**
     * The default firewall, except that a key id may hold what the gateway's ids hold: an encoded
     * slash ({@code %2F}, also twice in a row) and an encoded percent ({@code %25}) inside one path
     * segment. A raw {@code //}, {@code ..} segments, encoded periods, backslashes, semicolons,
     * NUL, CR and LF stay refused. Spring decodes a path variable only after matching, so an
     * encoded slash never turns into a path separator.
     */
    @Bean
    StrictHttpFirewall firewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowUrlEncodedSlash(true);
        firewall.setAllowUrlEncodedDoubleSlash(true);
        firewall.setAllowUrlEncodedPercent(true);
        // Allowing the encoded double slash also drops the raw one, which no key path needs.
        firewall.getEncodedUrlBlocklist().add("//");
        firewall.getDecodedUrlBlocklist().add("//");
        return firewall;
    }

    /**
     * A URL the firewall refuses (encoded CR, LF or NUL, a semicolon, a raw double slash, ...) is a
     * 400 problem like every other bad request, never the container's error page or a 500.
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
            HttpSecurity http,
            ClientDirectory clients,
            BearerProperties bearer,
            ClientProperties clientSettings,
            ProblemWriter problems,
            List<RouteAccess> modules,
            Clock clock,
            @Value("${keywarden.sandbox.enabled:false}") boolean sandboxEnabled) {
        http.csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(
                        new BearerTokenFilter(
                                clients,
                                bearer.staticTokens(),
                                jwtCallers(bearer, clientSettings, clients, clock),
                                problems),
                        AnonymousAuthenticationFilter.class)
                .exceptionHandling(handling -> handling.authenticationEntryPoint(entryPoint(problems))
                        .accessDeniedHandler(accessDenied(problems)))
                .authorizeHttpRequests(requests -> {
                    requests.requestMatchers("/error")
                            .permitAll()
                            .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info")
                            .permitAll()
                            .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                            .permitAll();
                    if (sandboxEnabled) {
                        // Without the sandbox these paths fall to ADMIN below like any unknown path.
                        requests.requestMatchers("/sandbox/upstream", "/sandbox/upstream/**")
                                .permitAll();
                    }
                    modules.forEach(module -> module.authorize(requests));
                    requests.requestMatchers(HttpMethod.GET, "/actuator/prometheus")
                            .hasAnyRole(METRICS, ADMIN)
                            // Every reader reaches any GET below the keys, so a path that names no
                            // key (a raw '/' in an id) is the same 404 to each of them, not a 403.
                            .requestMatchers(HttpMethod.GET, "/v1/access-keys", "/v1/access-keys/**")
                            .hasAnyRole(ISSUER, AUDITOR, ADMIN)
                            .requestMatchers(HttpMethod.GET, "/admin/v1/audit-events", "/admin/v1/audit-events/**")
                            .hasAnyRole(AUDITOR, ADMIN)
                            .requestMatchers(
                                    HttpMethod.GET, "/admin/v1/audit-checkpoints", "/admin/v1/audit-checkpoints/**")
                            .hasAnyRole(AUDITOR, ADMIN)
                            .anyRequest()
                            .hasRole(ADMIN);
                });
        return http.build();
    }

    private static Optional<JwtCallers> jwtCallers(
            BearerProperties bearer, ClientProperties settings, ClientDirectory clients, Clock clock) {
        if (!bearer.jwt().enabled()) {
            return Optional.empty();
        }
        if (bearer.jwt().rolesClaim() == null) {
            List<ClientProperties.Client> all = settings.clients();
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).subject() != null && all.get(i).roles().isEmpty()) {
                    throw new IllegalStateException(
                            "keywarden.identity.clients[" + i + "].roles must name at least one role:"
                                    + " keywarden.identity.jwt.roles-claim is unset, so its JWTs take their roles from it");
                }
            }
        }
        return Optional.of(new JwtCallers(bearer.jwt(), clients, clock));
    }

    private static AuthenticationEntryPoint entryPoint(ProblemWriter problems) {
        return (request, response, ex) -> {
            response.setHeader("WWW-Authenticate", "Bearer");
            problems.write(
                    response, Problems.unauthenticated("A bearer token is required (Authorization: Bearer ...)."));
        };
    }

    private static AccessDeniedHandler accessDenied(ProblemWriter problems) {
        return (request, response, ex) ->
                problems.write(response, Problems.forbidden(RouteAccess.deniedDetail(request)));
    }
}
