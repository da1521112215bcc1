package io.keywarden.console.internal;

import io.keywarden.security.Caller;
import io.keywarden.security.CallerPrincipal;
import io.keywarden.security.CurrentCaller;
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
        return CurrentCaller.of(authentication)
                .orElseThrow(() -> new AccessDeniedException("This sign-in names no keywarden caller."));
    }

    /** The name people know the signed-in person by, where the identity provider gave one. */
    String displayName(Authentication authentication) {
        Object principal = authentication == null ? null : authentication.getPrincipal();
        return principal instanceof CallerPrincipal person ? person.displayName() : null;
    }
}
