package io.keywarden.console.internal;

import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.audit.AuditTrail;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The Audit page: the audit search in the person's scope, page by page, and "verify now", which
 * walks the chain (or, while another walk runs, shows the latest result).
 */
@Controller
class AuditPage extends ConsolePages {

    private final AuditTrail audit;

    AuditPage(AuditTrail audit, ConsoleCallers callers) {
        super(callers);
        this.audit = audit;
    }

    @GetMapping("/console/audit")
    String search(
            HttpServletRequest request,
            @RequestParam(required = false) String user,
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) String outcome,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String cursor,
            Model model) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("user", user);
        form.put("actor", actor);
        form.put("action", action);
        form.put("outcome", outcome);
        form.put("from", from);
        form.put("to", to);
        model.addAttribute("form", form);
        model.addAttribute("actions", AuditAction.values());
        model.addAttribute("outcomes", AuditOutcome.values());
        model.addAttribute("latest", audit.latestVerification().orElse(null));
        AuditTrail.Page page = audit.search(
                callers.of(request), new AuditTrail.Query(user, actor, action, outcome, from, to, null, null, cursor));
        model.addAttribute("events", page.items());
        if (page.nextCursor() != null) {
            UriComponentsBuilder next = UriComponentsBuilder.fromPath("/console/audit");
            form.forEach((name, value) -> {
                if (KeyPages.blankToNull(value) != null) {
                    next.queryParam(name, value);
                }
            });
            model.addAttribute(
                    "nextPage",
                    next.queryParam("cursor", page.nextCursor())
                            .encode()
                            .build()
                            .toUriString());
        }
        return "console/audit";
    }

    @PostMapping("/console/audit/verification")
    String verify(RedirectAttributes redirect) {
        audit.verifyNow()
                .ifPresentOrElse(
                        verification -> redirect.addFlashAttribute("verified", verification),
                        () -> redirect.addFlashAttribute(
                                "notice", "A verification is running and none has finished yet; try again shortly."));
        return "redirect:/console/audit";
    }
}
