package io.keywarden.identity.internal;

import io.keywarden.identity.CallerPrincipal;
import io.keywarden.platform.web.RequestContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Adds the display name of a person signed in through the identity provider to the context of
 * their request ({@link RequestContext#withDisplayName}), as soon as their session is read and
 * before any rule decides on the request, so every event of theirs, a refusal included, says who
 * {@code person:<sub>} was.
 */
final class PersonAuditContext extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        String name = authentication != null && authentication.getPrincipal() instanceof CallerPrincipal person
                ? person.displayName()
                : null;
        if (name != null) {
            RequestContext.resolve(request, RequestContext.of(request).withDisplayName(name));
        }
        chain.doFilter(request, response);
    }
}
