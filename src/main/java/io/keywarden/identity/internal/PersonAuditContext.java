package io.keywarden.identity.internal;

import io.keywarden.security.CallerPrincipal;
import io.keywarden.security.TokenClaims;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.MDC;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the display name of a person signed in through the identity provider where the audit log
 * reads a request's context ({@link TokenClaims#DISPLAY_NAME}), for the whole of their request and
 * before any rule decides on it, so every event of theirs, a refusal included, says who {@code
 * person:<sub>} was.
 */
final class PersonAuditContext extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        String name = authentication != null && authentication.getPrincipal() instanceof CallerPrincipal person
                ? person.displayName()
                : null;
        if (name == null) {
            chain.doFilter(request, response);
            return;
        }
        MDC.put(TokenClaims.DISPLAY_NAME, name);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(TokenClaims.DISPLAY_NAME);
        }
    }
}
