package io.keywarden.console.internal;

import io.keywarden.accesskey.AccessKeyQueries;
import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.audit.AuditTrail;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The Audit page: the audit search in the person's scope, page by page, and "verify now", which
 * walks the chain (or, while another walk runs, shows the latest result). Each event shows the
 * request id an operator quotes, and links the key it is about where keywarden records that key.
 * The window's ends are typed as a date and time in UTC ({@code datetime-local}) and searched as
 * the RFC 3339 instants the API takes.
 */
@Controller
class AuditPage extends ConsolePages {

    /** A {@code datetime-local} value to the second, as the form shows a window's end. */
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private final AuditTrail audit;
    private final AccessKeyQueries keys;

    AuditPage(AuditTrail audit, AccessKeyQueries keys, ConsoleCallers callers) {
        super(callers);
        this.audit = audit;
        this.keys = keys;
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
        form.put("from", local(from));
        form.put("to", local(to));
        model.addAttribute("form", form);
        model.addAttribute("actions", AuditAction.values());
        model.addAttribute("outcomes", AuditOutcome.values());
        model.addAttribute("latest", audit.latestVerification().orElse(null));
        model.addAttribute("head", audit.head().orElse(null));
        AuditTrail.Page page = audit.search(
                callers.of(request),
                new AuditTrail.Query(user, actor, action, outcome, instant(from), instant(to), null, null, cursor));
        model.addAttribute("events", rows(page.items()));
        if (page.nextCursor() != null) {
            Map<String, Object> query = new LinkedHashMap<>(form);
            query.put("cursor", page.nextCursor());
            model.addAttribute("nextPage", ConsoleLinks.to("/console/audit", query));
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

    /** The events with a link to each key keywarden records: one lookup of the page's ids. */
    private List<Row> rows(List<AuditTrail.Event> events) {
        Set<String> recorded = keys.knownIds(events.stream()
                .map(AuditTrail.Event::accessKeyId)
                .filter(Objects::nonNull)
                .distinct()
                .toList());
        return events.stream()
                .map(event -> new Row(
                        event, recorded.contains(event.accessKeyId()) ? KeyPaths.of(event.accessKeyId()) : null))
                .toList();
    }

    /**
     * A window's end as the API takes it: a {@code datetime-local} value read as UTC, to the
     * second; anything else as typed, for the search to accept (an RFC 3339 instant) or refuse.
     */
    static String instant(String typed) {
        if (KeyPages.blankToNull(typed) == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(typed).toInstant(ZoneOffset.UTC).toString();
        } catch (DateTimeParseException notLocal) {
            return typed;
        }
    }

    /** A window's end as the form's {@code datetime-local} field shows it, whichever way it came. */
    static String local(String typed) {
        if (KeyPages.blankToNull(typed) == null) {
            return null;
        }
        try {
            return LOCAL.format(LocalDateTime.parse(typed));
        } catch (DateTimeParseException notLocal) {
            try {
                return LOCAL.format(LocalDateTime.ofInstant(Instant.parse(typed), ZoneOffset.UTC));
            } catch (DateTimeParseException notInstant) {
                return typed;
            }
        }
    }

    /** An event as the page lists it, with its key's page where keywarden records the key. */
    record Row(AuditTrail.Event event, String keyPath) {}
}
