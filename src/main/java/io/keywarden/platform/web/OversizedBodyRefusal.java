package io.keywarden.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 413 for a request whose body was over {@link #LIMIT} bytes, on any path and for any
 * method. The body was measured (and never read past the limit) before anything else ran; the
 * refusal waits until the caller is known, right after the security filters, so an anonymous caller
 * still gets its 401 and an authenticated one's refused attempt is told to {@link
 * RejectedAttemptListener} (audited where its route is), like every other refusal. Until then the
 * request's body reads as empty. The console's filter chain runs it ahead of its CSRF check, whose
 * token would be in the body.
 */
@Component
@Order(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 1)
public class OversizedBodyRefusal extends OncePerRequestFilter {

    /** The most bytes any request body may hold. */
    public static final int LIMIT = 16 * 1024;

    private static final String OVERSIZED = OversizedBodyRefusal.class.getName() + ".oversized";

    private final ProblemWriter problems;
    private final RejectedAttemptListener rejectedAttempts;

    OversizedBodyRefusal(ProblemWriter problems, RejectedAttemptListener rejectedAttempts) {
        this.problems = problems;
        this.rejectedAttempts = rejectedAttempts;
    }

    /** Marks a request whose body was over the limit, for this filter to refuse. */
    public static void markOversized(HttpServletRequest request) {
        request.setAttribute(OVERSIZED, Boolean.TRUE);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getAttribute(OVERSIZED) == null) {
            chain.doFilter(request, response);
            return;
        }
        ProblemDetail problem = Problems.bodyTooLarge(LIMIT);
        rejectedAttempts.rejected(new ServletWebRequest(request, response), problem);
        problems.write(response, problem);
    }
}
