package io.keywarden.platform.web;

import io.keywarden.platform.web.internal.LogText;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Writes one line per request once it is answered: {@code request method=POST
 * path=/v1/access-keys status=201 durationMs=12 client=payments-service requestId=...}. It logs
 * the path without its query string, and never a header or a body, since those may carry tokens
 * and secrets; what the caller controls is escaped so it cannot forge a line. It runs just inside
 * {@link RequestIdFilter} and outside security, so refused requests are logged too.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class RequestLogFilter extends OncePerRequestFilter {

    /** Request attribute holding the authenticated client's name, set by the security filter. */
    public static final String CLIENT = RequestLogFilter.class.getName() + ".client";

    private static final Logger log = LoggerFactory.getLogger(RequestLogFilter.class);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long started = System.nanoTime();
        int status = 500;
        try {
            chain.doFilter(request, response);
            status = response.getStatus();
        } finally {
            log.info(
                    "request method={} path={} status={} durationMs={} client={} requestId={}",
                    LogText.escape(request.getMethod()),
                    LogText.escape(request.getRequestURI()),
                    status,
                    (System.nanoTime() - started) / 1_000_000,
                    client(request),
                    LogText.escape(response.getHeader(RequestIdFilter.HEADER)));
        }
    }

    private static String client(HttpServletRequest request) {
        return request.getAttribute(CLIENT) instanceof String name ? LogText.escape(name) : "-";
    }
}
