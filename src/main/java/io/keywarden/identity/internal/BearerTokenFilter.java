package io.keywarden.identity.internal;

import io.keywarden.identity.Caller;
import io.keywarden.platform.web.ProblemWriter;
import io.keywarden.platform.web.Problems;
import io.keywarden.platform.web.RequestContext;
import io.keywarden.platform.web.RequestLogFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <token>}: a token shaped like a JWT (three base64url
 * parts) by the identity provider's keys, any other by the configured static tokens, one
 * mechanism per request and only where the deployment enables it. No header leaves the request
 * anonymous (the entry point then answers 401 where a role is needed); a token that is malformed,
 * invalid or names no client is a 401 problem at once (RFC 6750 {@code invalid_token}, never
 * saying why), and a provider whose keys cannot be fetched a 503, never a 500. An authenticated
 * request's context gains the token's subject and {@code jti}, and its caller acts in that context.
 */
class BearerTokenFilter extends OncePerRequestFilter {

    /** MDC key of the authenticated client's name, so every log line of its request names it. */
    static final String CLIENT = "client";

    private static final Pattern BEARER = Pattern.compile("(?i)Bearer ([A-Za-z0-9._~+/=-]{1,8192})");

    private static final Pattern JWT = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

    private final ClientDirectory clients;
    private final boolean staticTokens;
    private final Optional<JwtCallers> jwtCallers;
    private final ProblemWriter problems;

    BearerTokenFilter(
            ClientDirectory clients, boolean staticTokens, Optional<JwtCallers> jwtCallers, ProblemWriter problems) {
        this.clients = clients;
        this.staticTokens = staticTokens;
        this.jwtCallers = jwtCallers;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            chain.doFilter(request, response);
            return;
        }
        var matcher = BEARER.matcher(header);
        Optional<BearerCaller> authenticated;
        try {
            authenticated = matcher.matches() ? authenticate(matcher.group(1)) : Optional.empty();
        } catch (JwtCallers.IdentityProviderUnavailableException ex) {
            logger.warn(ex.getMessage());
            response.setHeader(HttpHeaders.RETRY_AFTER, "5");
            problems.write(
                    response,
                    Problems.identityProviderUnavailable(
                            "The identity provider's keys cannot be fetched; try again shortly."));
            return;
        }
        if (authenticated.isEmpty()) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            problems.write(response, Problems.unauthenticated("The bearer token is malformed or unknown."));
            return;
        }
        RequestContext requestContext = RequestContext.of(request)
                .withToken(authenticated.get().subject(), authenticated.get().tokenId());
        RequestContext.resolve(request, requestContext);
        Caller caller = authenticated.get().caller().in(requestContext);
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new CallerAuthentication(caller));
        SecurityContextHolder.setContext(context);
        request.setAttribute(RequestLogFilter.CLIENT, caller.name());
        MDC.put(CLIENT, caller.name());
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
            MDC.remove(CLIENT);
        }
    }

    private Optional<BearerCaller> authenticate(String token) {
        if (JWT.matcher(token).matches()) {
            return jwtCallers.flatMap(jwt -> jwt.authenticate(token));
        }
        if (!staticTokens) {
            return Optional.empty();
        }
        return clients.authenticate(token).map(BearerCaller::ofStaticToken);
    }
}
