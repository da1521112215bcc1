package io.keywarden.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.HttpMethod;
import org.springframework.web.HttpRequestMethodNotSupportedException;

/**
 * For the few {@code GET} routes that act (the upstream-shaped create takes a query string): Spring
 * MVC answers {@code HEAD} with the {@code GET} handler, running it in full and dropping its body,
 * so a {@code HEAD} would create a key whose secret nobody receives. Such a handler refuses
 * {@code HEAD} first, with 405 and the methods it does take.
 */
public final class ActingGets {

    private ActingGets() {}

    /** Throws unless {@code request} is a real {@code GET}; {@code allowed} goes into the 405's {@code Allow}. */
    public static void refuseHead(HttpServletRequest request, HttpMethod... allowed)
            throws HttpRequestMethodNotSupportedException {
        if (HttpMethod.HEAD.matches(request.getMethod())) {
            throw new HttpRequestMethodNotSupportedException(
                    request.getMethod(),
                    List.of(allowed).stream().map(HttpMethod::name).toList());
        }
    }
}
