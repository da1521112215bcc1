package io.keywarden.console.internal;

import io.keywarden.accesskey.AccessKeyView;
import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditedAttempt;
import io.keywarden.lease.LeaseRenewals;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Renewing a key's lease in two steps: the preview works out the new expiry with the very rule
 * the renewal applies, changing nothing (so it is a plain GET, and not an attempt to audit), and
 * shows it beside the present one; the confirmation then renews through the service the API's
 * renew calls, as the person, audited like it. The new expiry is counted from when the renewal is
 * made, so one confirmed a minute after its preview ends a minute later than previewed.
 */
@Controller
class RenewalPages extends ConsolePages {

    private final LeaseRenewals renewals;

    RenewalPages(LeaseRenewals renewals, ConsoleCallers callers) {
        super(callers);
        this.renewals = renewals;
    }

    @GetMapping("/console/keys/{accessKeyId}/renewal")
    String preview(
            HttpServletRequest request,
            @PathVariable String accessKeyId,
            @RequestParam(required = false) String ttl,
            Model model) {
        Duration asked = LeaseInput.ttl(ttl);
        LeaseRenewals.Preview preview = renewals.preview(callers.of(request), accessKeyId, asked);
        model.addAttribute("key", preview.key());
        model.addAttribute("keyPath", KeyPaths.of(preview.key().accessKeyId()));
        model.addAttribute("preview", preview);
        model.addAttribute("ttl", asked == null ? "" : asked.toString());
        return "console/renewal";
    }

    @PostMapping("/console/keys/{accessKeyId}/renew")
    @AuditedAttempt(AuditAction.RENEW_ACCESS_KEY)
    String renew(
            HttpServletRequest request,
            @PathVariable String accessKeyId,
            @RequestParam(required = false) String ttl,
            RedirectAttributes redirect) {
        AccessKeyView renewed = renewals.renew(callers.of(request), accessKeyId, LeaseInput.ttl(ttl));
        return KeyPages.done(
                redirect,
                accessKeyId,
                "Lease renewed: the key now expires at " + ConsoleTimes.shown(renewed.expiresAt()) + ".");
    }
}
