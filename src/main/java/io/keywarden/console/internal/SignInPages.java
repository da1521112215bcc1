package io.keywarden.console.internal;

import io.keywarden.identity.ConsoleSignIn;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The sign-in page, and the page a refused request is shown (403) in the console's layout, in words
 * rather than a status code, with a link back to the page the refused form was on.
 */
@Controller
class SignInPages {

    static final String CSRF = SignInPages.class.getName() + ".csrf";

    private final boolean passwordForm;
    private final boolean identityProvider;

    SignInPages(ObjectProvider<DemoOperatorSignIn> demoOperators, ConsoleSignIn signIn) {
        this.passwordForm = demoOperators.getIfAvailable() != null;
        this.identityProvider = signIn.identityProviderEnabled();
    }

    @GetMapping(ConsoleSecurityConfiguration.LOGIN)
    String login(
            @RequestParam(required = false) String failed,
            @RequestParam(required = false) String signedOut,
            Model model) {
        model.addAttribute("passwordForm", passwordForm);
        model.addAttribute("identityProvider", identityProvider ? ConsoleSignIn.SIGN_IN : null);
        model.addAttribute("failed", failed != null);
        model.addAttribute("signedOut", signedOut != null);
        return "console/login";
    }

    @RequestMapping(ConsoleSecurityConfiguration.DENIED)
    String denied(HttpServletRequest request, Model model) {
        model.addAttribute("csrf", Boolean.TRUE.equals(request.getAttribute(CSRF)));
        model.addAttribute("me", Me.signedIn(request));
        model.addAttribute("back", ConsoleReturn.of(request, true));
        return "console/denied";
    }
}
