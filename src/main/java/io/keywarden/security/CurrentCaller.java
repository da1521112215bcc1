package io.keywarden.security;

import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The caller of the request being handled, for code that is not handed it as a parameter. */
public final class CurrentCaller {

    private CurrentCaller() {}

    public static Optional<Caller> get() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null) {
            return Optional.empty();
        }
        if (authentication.getPrincipal() instanceof Caller caller) {
            return Optional.of(caller);
        }
        if (authentication.getPrincipal() instanceof CallerPrincipal principal) {
            return Optional.of(principal.caller());
        }
        return Optional.empty();
    }
}
