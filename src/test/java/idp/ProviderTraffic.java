package idp;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What keywarden asks of the provider, seen from the provider: it counts the fetches of the key
 * set, and can play an outage of discovery and keys (503 with nothing behind), while its token
 * endpoint goes on issuing tokens.
 */
final class ProviderTraffic extends OncePerRequestFilter {

    static final String KEY_SET = "/oauth2/jwks";

    private final AtomicInteger keySetFetches = new AtomicInteger();
    private volatile boolean down;

    int keySetFetches() {
        return keySetFetches.get();
    }

    void down(boolean down) {
        this.down = down;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        boolean keys = path.equals(KEY_SET) || path.startsWith("/.well-known/");
        if (path.equals(KEY_SET)) {
            keySetFetches.incrementAndGet();
        }
        if (keys && down) {
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            return;
        }
        chain.doFilter(request, response);
    }
}
