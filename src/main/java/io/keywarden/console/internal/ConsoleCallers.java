package io.keywarden.console.internal;

import io.keywarden.security.Caller;
import io.keywarden.security.CallerPrincipal;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * The keywarden {@link Caller} of the person signed in to the console: a demo operator's principal
 * is one, a person signed in through the identity provider carries one ({@link CallerPrincipal}).
 */
@Component
class ConsoleCallers {

    Caller of(Authentication authentication) {
        Object principal = authentication == null ? null : authentication.getPrincipal();
        if (principal instanceof Caller caller) {
            return caller;
        }
        if (principal instanceof CallerPrincipal person) {
            return person.caller();
        }
        throw new AccessDeniedException("This sign-in names no keywarden caller.");
    }
}
