package io.keywarden.console.internal;

import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditedAttempt;
import io.keywarden.issuance.IdempotencyKey;
import io.keywarden.issuance.IssueCommand;
import io.keywarden.issuance.Issued;
import io.keywarden.issuance.KeyIssuer;
import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Creating a key (ISSUER for its users, ADMIN): the create protocol the API's create calls, as the
 * person, with the same rules, scope and audit. The form carries an idempotency key drawn when it
 * is shown, so a double submit of one form is one key (the second answer replays the first); the
 * secret then goes to the page that shows it once, as after a rotation.
 */
@Controller
class NewKeyPage extends ConsolePages {

    private final KeyIssuer issuer;

    NewKeyPage(KeyIssuer issuer, ConsoleCallers callers) {
        super(callers);
        this.issuer = issuer;
    }

    @GetMapping("/console/keys/new")
    String form(@RequestParam(required = false) String user, Model model) {
        model.addAttribute("user", user);
        model.addAttribute("idempotencyKey", UUID.randomUUID().toString());
        return "console/new-key";
    }

    @PostMapping("/console/keys")
    @AuditedAttempt(value = AuditAction.CREATE_ACCESS_KEY, idempotencyKeyParameter = "idempotencyKey")
    String create(
            HttpServletRequest request,
            @RequestParam(required = false) String idempotencyKey,
            @RequestParam(required = false) String userName,
            @RequestParam(required = false) String description,
            @RequestParam(required = false) String ttl,
            RedirectAttributes redirect) {
        IssueCommand command = IssueCommand.create(
                callers.of(request),
                IdempotencyKey.required(idempotencyKey),
                KeyPages.blankToNull(userName),
                KeyPages.blankToNull(description),
                LeaseInput.ttl(ttl));
        Issued issued = issuer.issue(command);
        redirect.addFlashAttribute(KeyPages.ISSUED, issued.key());
        return "redirect:/console/secret";
    }
}
