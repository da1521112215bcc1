package io.keywarden.console.internal;

import io.keywarden.identity.Caller;
import io.keywarden.identity.CallerPrincipal;
import io.keywarden.identity.CurrentCaller;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/**
 * The keywarden {@link Caller} of the person signed in to the console, acting in the context of
 * the request at hand (so what they do is audited with it): a demo operator's principal is one, a
 * person signed in through the identity provider carries one ({@link CallerPrincipal}).
 */
@Component
class ConsoleCallers {

    Caller of(HttpServletRequest request) {
        return CurrentCaller.of(request)
                .orElseThrow(() -> new AccessDeniedException("This sign-in names no keywarden caller."));
    }
}
