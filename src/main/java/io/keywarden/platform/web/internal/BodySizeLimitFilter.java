package io.keywarden.platform.web.internal;

import io.keywarden.platform.web.OversizedBodyRefusal;
import io.keywarden.platform.web.ProblemWriter;
import io.keywarden.platform.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads every request body, on every path, before anything else may: at most {@link
 * OversizedBodyRefusal#LIMIT} bytes, whatever the framing (a declared {@code Content-Length} over
 * the limit is not read at all; a chunked body is read until it passes the limit) and whatever the
 * content type. It decides on the request as the container received it, so no spelling of the
 * path (percent-encoded, {@code ;} parameters, another case) that routing or security later
 * decode differently can step around it. A body within the limit is handed on as bytes, its form
 * parameters parsed from them ({@link BufferedBody}); a body over it is handed on empty and marked,
 * and {@link OversizedBodyRefusal} answers 413 once the caller is known. Nothing downstream, the
 * container's own form parsing included, reads the connection again.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class BodySizeLimitFilter extends OncePerRequestFilter {

    private static final byte[] NONE = new byte[0];

    private final ProblemWriter problems;

    BodySizeLimitFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!mayHaveBody(request)) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body;
        try {
            body = read(request);
        } catch (IOException unreadable) {
            // A broken chunk or a caller gone mid-body: whoever is still there learns it was the body.
            if (!response.isCommitted()) {
                problems.write(response, Problems.invalidRequest(null, "The request body could not be read as sent."));
            }
            return;
        }
        if (body == null) {
            OversizedBodyRefusal.markOversized(request);
            body = NONE;
        }
        chain.doFilter(new BufferedBody(request, body), response);
    }

    /** HTTP/1.1 has a body only where it declares one: a length above zero, or a transfer coding. */
    private static boolean mayHaveBody(HttpServletRequest request) {
        long declared = request.getContentLengthLong();
        return declared > 0
                || (declared < 0
                        && (request.getHeader("Transfer-Encoding") != null
                                || !request.getProtocol().startsWith("HTTP/1")));
    }

    /**
     * The body's bytes, or {@code null} when it is over the limit. Taking the stream first also
     * tells the container that the body is the application's, so it never parses a form from it.
     */
    private static byte[] read(HttpServletRequest request) throws IOException {
        var stream = request.getInputStream();
        if (request.getContentLengthLong() > OversizedBodyRefusal.LIMIT) {
            return null;
        }
        byte[] bytes = stream.readNBytes(OversizedBodyRefusal.LIMIT + 1);
        return bytes.length > OversizedBodyRefusal.LIMIT ? null : bytes;
    }
}
