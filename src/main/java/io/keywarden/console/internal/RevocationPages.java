package io.keywarden.console.internal;

import io.keywarden.platform.web.InvalidInputException;
import io.keywarden.revocation.RevocationFilter;
import io.keywarden.revocation.RevocationReport;
import io.keywarden.revocation.RevocationRequest;
import io.keywarden.revocation.RevocationState;
import io.keywarden.revocation.Revocations;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Bulk revocation for incident response (ADMIN), through the service the API's revocations call:
 * a filter and a reason; a dry run that counts and samples the keys it matches, changing nothing;
 * the real run only once the person types how many keys that is, so a filter wider than meant is
 * caught before anything is revoked; then its progress, read from the same report the API
 * answers, until nothing is pending. Times in the form are UTC, as everywhere on the console.
 */
@Controller
class RevocationPages extends ConsolePages {

    /** The latest revocations listed beside the form. */
    static final int RECENT_SHOWN = 20;

    /** The statuses a revocation may select; the service refuses any other. */
    private static final List<String> REVOCABLE = List.of("ACTIVE", "ROTATING", "INACTIVE");

    private final Revocations revocations;

    RevocationPages(Revocations revocations, ConsoleCallers callers) {
        super(callers);
        this.revocations = revocations;
    }

    /** The form, filled in again when the person comes back to change it, and the latest revocations. */
    @GetMapping("/console/revocations")
    String form(@ModelAttribute("form") Form form, Model model) {
        model.addAttribute("recent", revocations.recent(RECENT_SHOWN));
        model.addAttribute("statuses", REVOCABLE);
        return "console/revocations";
    }

    /** The dry run: how many keys the filter matches now, and the first of them. Nothing changes. */
    @GetMapping("/console/revocations/preview")
    String preview(@ModelAttribute("form") Form form, Model model) {
        Revocations.DryRun found = revocations.dryRun(form.request(true));
        model.addAttribute("matched", found.matched());
        model.addAttribute("sample", found.sample());
        model.addAttribute("changeLink", form.link("/console/revocations"));
        // Where a refused real run links back to: this dry run, filled in as it was.
        model.addAttribute("previewLink", form.link("/console/revocations/preview"));
        return "console/revocation-preview";
    }

    /**
     * The real run, once the typed count is the number of keys the filter matches now: anything
     * else (a slip, or keys created or gone since the dry run) changes nothing.
     */
    @PostMapping("/console/revocations")
    String start(
            HttpServletRequest request,
            @ModelAttribute("form") Form form,
            @RequestParam(required = false) String confirmation,
            RedirectAttributes redirect) {
        long matched = revocations.dryRun(form.request(true)).matched();
        if (matched == 0) {
            throw new InvalidInputException("filter", "The filter matches no key: there is nothing to revoke.");
        }
        if (confirmation == null || !confirmation.strip().equals(Long.toString(matched))) {
            throw new InvalidInputException(
                    "confirmation",
                    "To confirm, type the number of keys the filter matches, which is now " + matched
                            + ". Nothing was revoked.");
        }
        UUID id = revocations.start(callers.of(request), form.request(false));
        redirect.addFlashAttribute("notice", "Revocation started.");
        return "redirect:/console/revocations/" + id;
    }

    /** A revocation's progress and failures, as {@code GET /admin/v1/revocations/{id}} reports them. */
    @GetMapping("/console/revocations/{id}")
    String progress(@PathVariable String id, Model model) {
        RevocationReport report = revocations.report(id);
        model.addAttribute("report", report);
        model.addAttribute("running", report.state() == RevocationState.RUNNING);
        return "console/revocation";
    }

    /**
     * The form's fields as typed: every one optional here, the service says which are required.
     *
     * @param userName a glob of user names
     * @param issuedBy the client that created the keys
     * @param createdAfter a {@code datetime-local} value, in UTC
     * @param createdBefore a {@code datetime-local} value, in UTC
     * @param status the statuses ticked, or {@code null} for all three
     * @param reason why, audited with every key revoked
     */
    record Form(
            String userName,
            String issuedBy,
            String createdAfter,
            String createdBefore,
            List<String> status,
            String reason) {

        RevocationRequest request(boolean dryRun) {
            return new RevocationRequest(
                    new RevocationFilter(
                            KeyPages.blankToNull(userName),
                            KeyPages.blankToNull(issuedBy),
                            instant("createdAfter", createdAfter),
                            instant("createdBefore", createdBefore),
                            status == null || status.isEmpty() ? null : status),
                    KeyPages.blankToNull(reason),
                    dryRun);
        }

        /** Whether the status was ticked, for the form shown again. */
        public boolean ticked(String name) {
            return status != null && status.contains(name);
        }

        /** {@code path} with this form's fields, for a link back to the form as filled in. */
        String link(String path) {
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("userName", userName);
            query.put("issuedBy", issuedBy);
            query.put("createdAfter", createdAfter);
            query.put("createdBefore", createdBefore);
            query.put("status", status);
            query.put("reason", reason);
            return ConsoleLinks.to(path, query);
        }

        /** A {@code datetime-local} value ({@code 2026-11-28T06:45}, seconds optional) read as UTC. */
        private static Instant instant(String field, String value) {
            if (KeyPages.blankToNull(value) == null) {
                return null;
            }
            try {
                return LocalDateTime.parse(value.strip()).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException ex) {
                throw new InvalidInputException(
                        "filter." + field, field + " must be a date and time such as 2026-11-28T06:45 (UTC).");
            }
        }
    }
}
