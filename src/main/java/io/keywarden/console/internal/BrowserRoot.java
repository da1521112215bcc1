package io.keywarden.console.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sends a browser that opens keywarden's root ({@code /}) to the console. Only a request that
 * names HTML in its {@code Accept} is a browser's: an API client (JSON, {@code *}{@code /*}, or no
 * {@code Accept} at all) passes on and gets the API's answer, as before. Runs ahead of security,
 * since the root is the API's, which would refuse a browser without a token.
 */
class BrowserRoot extends OncePerRequestFilter {

    static final String ROOT = "/";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (ROOT.equals(request.getRequestURI()) && isRead(request) && acceptsHtml(request)) {
            response.setStatus(HttpServletResponse.SC_FOUND);
            response.setHeader(HttpHeaders.LOCATION, "/console");
            response.setHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT);
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean isRead(HttpServletRequest request) {
        return "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
    }

    /** Whether {@code Accept} names {@code text/html} itself, not merely a wildcard that covers it. */
    static boolean acceptsHtml(HttpServletRequest request) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (accept == null || accept.isBlank()) {
            return false;
        }
        try {
            List<MediaType> types = MediaType.parseMediaTypes(accept);
            return types.stream()
                    .anyMatch(type -> type.getType().equals("text")
                            && type.getSubtype().equals("html")
                            && type.getQualityValue() > 0);
        } catch (InvalidMediaTypeException ex) {
            return false;
        }
    }
}
