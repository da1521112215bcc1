package io.keywarden.identity;

import io.keywarden.platform.web.RequestContext;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The caller of the request being handled, for code that is not handed it as a parameter. */
public final class CurrentCaller {

    private CurrentCaller() {}

    public static Optional<Caller> get() {
        return of(SecurityContextHolder.getContext().getAuthentication());
    }

    /** The caller of {@code request}, acting in the request's context as the edge resolved it. */
    public static Optional<Caller> of(HttpServletRequest request) {
        return of(SecurityContextHolder.getContext().getAuthentication(), request);
    }

    /**
     * The caller {@code authentication} names, acting in the context of {@code request}: a person's
     * sign-in outlives the request, so the request's context is joined to it here.
     */
    public static Optional<Caller> of(Authentication authentication, HttpServletRequest request) {
        return of(authentication).map(caller -> caller.in(RequestContext.of(request)));
    }

    /**
     * The caller an authentication names, whichever way it signed in: an API client and a demo
     * operator are a {@link Caller}, a person signed in through the identity provider carries one
     * ({@link CallerPrincipal}). Every check of who is acting reads it here, so no kind of sign-in
     * is left out of a rule (or an audit) that another gets.
     */
    public static Optional<Caller> of(Authentication authentication) {
        Object principal = authentication == null ? null : authentication.getPrincipal();
        if (principal instanceof Caller caller) {
            return Optional.of(caller);
        }
        if (principal instanceof CallerPrincipal person) {
            return Optional.of(person.caller());
        }
        return Optional.empty();
    }
}
