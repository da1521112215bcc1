package io.keywarden.console.internal;

import io.keywarden.console.ConsoleSignIn;
import io.keywarden.security.Caller;
import java.util.List;
import java.util.Optional;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/** The keywarden {@link Caller} of the person signed in to the console, as their sign-in made them. */
@Component
class ConsoleCallers {

    private final List<ConsoleSignIn> signIns;

    ConsoleCallers(List<ConsoleSignIn> signIns) {
        this.signIns = signIns;
    }

    Caller of(Authentication authentication) {
        if (authentication == null) {
            throw new AccessDeniedException("Not signed in.");
        }
        if (authentication.getPrincipal() instanceof Caller caller) {
            return caller;
        }
        return signIns.stream()
                .map(signIn -> signIn.caller(authentication))
                .flatMap(Optional::stream)
                .findFirst()
                .orElseThrow(() -> new AccessDeniedException("This sign-in names no keywarden caller."));
    }

    boolean passwordForm() {
        return signIns.stream().anyMatch(ConsoleSignIn::usesPasswordForm);
    }
}
