package io.keywarden.security.internal;

import io.keywarden.security.Caller;
import io.keywarden.web.ProblemWriter;
import io.keywarden.web.Problems;
import io.keywarden.web.RequestLogFilter;
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
 * Authenticates {@code Authorization: Bearer <token>} against the configured clients. No header
 * leaves the request anonymous (the entry point then answers 401 where a role is needed); a
 * header that is malformed or names no client is a 401 problem at once, never a 500.
 */
class BearerTokenFilter extends OncePerRequestFilter {

    /** MDC key of the authenticated client's name, so every log line of its request names it. */
    static final String CLIENT = "client";

    private static final Pattern BEARER = Pattern.compile("(?i)Bearer ([A-Za-z0-9._~+/=-]{1,512})");

    private final ClientDirectory clients;
    private final ProblemWriter problems;

    BearerTokenFilter(ClientDirectory clients, ProblemWriter problems) {
        this.clients = clients;
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
        Optional<Caller> caller = matcher.matches() ? clients.authenticate(matcher.group(1)) : Optional.empty();
        if (caller.isEmpty()) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            problems.write(response, Problems.unauthenticated("The bearer token is malformed or unknown."));
            return;
        }
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new CallerAuthentication(caller.get()));
        SecurityContextHolder.setContext(context);
        request.setAttribute(RequestLogFilter.CLIENT, caller.get().name());
        MDC.put(CLIENT, caller.get().name());
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
            MDC.remove(CLIENT);
        }
    }
}
