package io.keywarden.console;

import io.keywarden.security.Caller;
import java.util.Optional;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;

/**
 * A way for people to sign in to the console (a form with demo operators, an OIDC provider).
 * The console's filter chain hands itself to every such bean, so a sign-in adds its own login and
 * logout endpoints there; the authorities it grants must be {@code ROLE_ISSUER}, {@code
 * ROLE_AUDITOR} or {@code ROLE_ADMIN}, and {@link #caller} turns the signed-in person into the
 * {@link Caller} every service and audit event sees. Each method does nothing by default.
 */
public interface ConsoleSignIn {

    /** Adds this sign-in to the console's filter chain. */
    default void configure(HttpSecurity http) throws Exception {}

    /** The keywarden caller of a person this sign-in authenticated, or empty for anyone else. */
    default Optional<Caller> caller(Authentication authentication) {
        return Optional.empty();
    }

    /** Whether the console's sign-in page shows a user-name and password form for this sign-in. */
    default boolean usesPasswordForm() {
        return false;
    }
}
