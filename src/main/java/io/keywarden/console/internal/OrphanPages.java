package io.keywarden.console.internal;

import io.keywarden.issuance.AmbiguousOrphan;
import io.keywarden.issuance.AmbiguousOrphans;
import io.keywarden.platform.web.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The ambiguous orphan reports (ADMIN): lost attempts whose keys upstream keywarden could not
 * attribute, oldest first, each with its window and its candidate keys. An operator chooses a
 * candidate to revoke, or to keep them all, reviews that decision on a page of its own, and
 * confirms it with an optional reason; the decision goes through the service the API's resolution
 * calls, as the person, and is audited under their name.
 */
@Controller
class OrphanPages extends ConsolePages {

    /** As many reports as the API lists by default: more than an operator settles at a sitting. */
    static final int REPORTS_SHOWN = 100;

    /** What the form sends for "keep them all", as the API's body does. */
    static final String NONE = "none";

    private final AmbiguousOrphans orphans;

    OrphanPages(AmbiguousOrphans orphans, ConsoleCallers callers) {
        super(callers);
        this.orphans = orphans;
    }

    @GetMapping("/console/orphans")
    String reports(Model model) {
        List<AmbiguousOrphan> open = orphans.open(REPORTS_SHOWN);
        model.addAttribute("reports", open);
        model.addAttribute("more", open.size() == REPORTS_SHOWN);
        return "console/orphans";
    }

    /** The decision in words, to confirm; nothing changes yet. */
    @GetMapping("/console/orphans/{issuanceId}/resolution")
    String review(@PathVariable String issuanceId, @RequestParam(required = false) String revoke, Model model) {
        AmbiguousOrphan report = orphans.open(issuanceId(issuanceId));
        String chosen = decision(revoke);
        if (chosen != null && !report.hasCandidate(chosen)) {
            throw new InvalidInputException(
                    "revoke", "Key " + chosen + " is not a candidate of this report. Nothing was changed.");
        }
        model.addAttribute("report", report);
        model.addAttribute("revoke", chosen);
        model.addAttribute(
                "kept",
                report.candidates().stream()
                        .map(AmbiguousOrphan.Candidate::accessKeyId)
                        .filter(id -> !id.equals(chosen))
                        .toList());
        return "console/orphan-resolution";
    }

    @PostMapping("/console/orphans/{issuanceId}/resolution")
    String resolve(
            HttpServletRequest request,
            @PathVariable String issuanceId,
            @RequestParam(required = false) String revoke,
            @RequestParam(required = false) String reason,
            RedirectAttributes redirect) {
        UUID id = issuanceId(issuanceId);
        String chosen = decision(revoke);
        AmbiguousOrphan report = orphans.resolve(callers.of(request), id, chosen, reason);
        redirect.addFlashAttribute(
                "notice",
                "Issuance " + id + " of " + report.userName() + " is resolved: "
                        + (chosen == null ? "every candidate was kept." : "key " + chosen + " was revoked.")
                        + " Its request may now be retried.");
        return "redirect:/console/orphans";
    }

    /** The candidate to revoke, or {@code null} to keep them all. */
    private static String decision(String revoke) {
        if (revoke == null || revoke.isBlank()) {
            throw new InvalidInputException("revoke", "Choose the key to revoke, or to keep them all.");
        }
        return NONE.equals(revoke) ? null : revoke;
    }

    private static UUID issuanceId(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException ex) {
            throw new InvalidInputException("issuanceId", "The issuance id must be a UUID.");
        }
    }
}
