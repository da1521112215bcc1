package io.keywarden.identity.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a console session once it is older than the absolute timeout, however active it has been:
 * the container's idle timeout alone would let a session that is used every few minutes live for
 * ever. The session is ended before the security context is read from it, so the request goes on
 * as anonymous and the console asks the person to sign in again.
 */
final class AbsoluteSessionTimeout extends OncePerRequestFilter {

    static final String STARTED = AbsoluteSessionTimeout.class.getName() + ".started";

    private final Duration limit;
    private final Clock clock;

    AbsoluteSessionTimeout(Duration limit, Clock clock) {
        this.limit = limit;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        if (session != null) {
            Instant now = clock.instant();
            Object started = session.getAttribute(STARTED);
            if (started instanceof Instant since && since.plus(limit).isBefore(now)) {
                session.invalidate();
            } else if (!(started instanceof Instant)) {
                session.setAttribute(STARTED, Instant.ofEpochMilli(session.getCreationTime()));
            }
        }
        chain.doFilter(request, response);
    }
}
