package io.keywarden.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id, taken from {@code X-Request-Id} when the caller sends a sane one and
 * generated otherwise, and carries it into the response and the log lines (MDC {@code requestId}
 * and {@code clientAddress}, for logging only). It resolves the request's {@link RequestContext}
 * with the id and the caller's address, which security completes once it knows the caller, and
 * which the audit log takes from there. It runs before security so even a 401 carries the id.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIdFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-Request-Id";
    /** MDC key of the request's id, which every log line of the request carries. */
    public static final String REQUEST_ID = "requestId";

    /** MDC key of the address the request came from. */
    public static final String CLIENT_ADDRESS = "clientAddress";

    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String sent = request.getHeader(HEADER);
        String requestId = sent != null && SANE.matcher(sent).matches()
                ? sent
                : UUID.randomUUID().toString();
        response.setHeader(HEADER, requestId);
        RequestContext.resolve(request, new RequestContext(requestId, request.getRemoteAddr(), null, null, null));
        MDC.put(REQUEST_ID, requestId);
        MDC.put(CLIENT_ADDRESS, request.getRemoteAddr());
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(REQUEST_ID);
            MDC.remove(CLIENT_ADDRESS);
        }
    }
}
