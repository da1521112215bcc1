package io.keywarden.console.internal;

import io.keywarden.accesskey.AccessKeyQueries;
import io.keywarden.accesskey.AccessKeyStatus;
import io.keywarden.accesskey.AccessKeyView;
import io.keywarden.accesskey.KeyLifecycle;
import io.keywarden.accesskey.KeyListPage;
import io.keywarden.accesskey.RotationTerms;
import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditTrail;
import io.keywarden.audit.AuditedAttempt;
import io.keywarden.identity.Caller;
import io.keywarden.issuance.IdempotencyKey;
import io.keywarden.issuance.Issued;
import io.keywarden.issuance.IssuedKey;
import io.keywarden.platform.web.InvalidInputException;
import io.keywarden.platform.web.SearchText;
import io.keywarden.rotation.KeyRotation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The Keys and Key detail pages and a key's actions. Every action goes through the service the
 * API uses, as the signed-in person, so the same rules and the same audit apply: an action is
 * marked {@link AuditedAttempt} as on the API, so whatever refuses it (a rule of the service, or
 * the confirmation asked for here) is audited with the key and the person. A new secret
 * travels from the rotate form to the one page that shows it as a flash attribute: held in the
 * session for that single redirect and gone once shown, so a reload shows it no more.
 */
@Controller
class KeyPages extends ConsolePages {

    static final String ISSUED = "issued";

    /** Keys on one page of the Keys page. */
    static final int PAGE_SIZE = 50;

    /** Up to how many matching keys the Keys page counts exactly; beyond, it says "more than". */
    static final int COUNTED_UP_TO = 1000;

    /** How near its end a lease is "expiring soon" on the Overview and the Keys page. */
    static final Duration EXPIRING_SOON = Duration.ofDays(7);

    private final AccessKeyQueries queries;
    private final KeyLifecycle lifecycle;
    private final KeyRotation rotation;
    private final AuditTrail audit;
    private final RotationTerms rotationTerms;
    private final Clock clock;

    KeyPages(
            AccessKeyQueries queries,
            KeyLifecycle lifecycle,
            KeyRotation rotation,
            AuditTrail audit,
            RotationTerms rotationTerms,
            ConsoleCallers callers,
            Clock clock) {
        super(callers);
        this.queries = queries;
        this.lifecycle = lifecycle;
        this.rotation = rotation;
        this.audit = audit;
        this.rotationTerms = rotationTerms;
        this.clock = clock;
    }

    /**
     * The keys in the person's scope that match the search, a page at a time, newest first unless
     * a column's link sorts them otherwise, and how many match in all (exactly up to {@value
     * #COUNTED_UP_TO}).
     */
    @GetMapping("/console/keys")
    String keys(
            HttpServletRequest request,
            @RequestParam(required = false) String user,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) boolean due,
            @RequestParam(required = false) boolean expiring,
            @RequestParam(required = false) String issuedBy,
            @RequestParam(required = false) boolean recovered,
            @RequestParam(required = false) String sort,
            @RequestParam(required = false) String dir,
            @RequestParam(required = false) String cursor,
            Model model) {
        Caller caller = callers.of(request);
        KeyList list = KeyList.of(user, status, due, expiring, issuedBy, recovered, sort, dir);
        var filter = new AccessKeyQueries.KeyFilter(
                null,
                status(status),
                due,
                expiring ? EXPIRING_SOON : null,
                SearchText.check("user", list.user()),
                SearchText.check("issuedBy", list.issuedBy()),
                recovered);
        KeyListPage page =
                queries.listSorted(caller, filter, list.order(), PAGE_SIZE, blankToNull(cursor), COUNTED_UP_TO);
        Instant now = clock.instant();
        model.addAttribute(
                "keys",
                page.items().stream()
                        .map(key -> KeyRow.of(key, rotationTerms.maxAge(), now))
                        .toList());
        model.addAttribute("list", list);
        model.addAttribute("matching", page.matching());
        model.addAttribute("moreThanMatching", page.moreThanMatching());
        model.addAttribute("nextPage", page.nextCursor() == null ? null : list.page(page.nextCursor()));
        model.addAttribute("previousPage", page.previousCursor() == null ? null : list.page(page.previousCursor()));
        model.addAttribute("statuses", AccessKeyStatus.values());
        model.addAttribute("maxAgeDays", rotationTerms.maxAge().toDays());
        return "console/keys";
    }

    @GetMapping("/console/keys/{accessKeyId}")
    String key(HttpServletRequest request, @PathVariable String accessKeyId, Model model) {
        Caller caller = callers.of(request);
        AccessKeyView key = queries.get(caller, accessKeyId);
        model.addAttribute("row", KeyRow.of(key, rotationTerms.maxAge(), clock.instant()));
        model.addAttribute(
                "rotatedFrom",
                key.rotatedFrom() == null ? null : new Link(key.rotatedFrom(), KeyPaths.of(key.rotatedFrom())));
        model.addAttribute(
                "rotatedTo",
                queries.successor(caller, accessKeyId)
                        .map(next -> new Link(next.accessKeyId(), KeyPaths.of(next.accessKeyId())))
                        .orElse(null));
        if (Me.of(caller).mayAudit()) {
            // The audit log is AUDITOR's and ADMIN's to read, here as on the API.
            var history =
                    new AuditTrail.Query(key.userName(), null, null, null, null, null, key.accessKeyId(), "50", null);
            model.addAttribute("events", audit.search(caller, history).items());
        }
        model.addAttribute("idempotencyKey", UUID.randomUUID().toString());
        model.addAttribute("live", key.status() != AccessKeyStatus.DELETED);
        // What the renewal itself requires; it refuses anything else, so this only spares a futile form.
        model.addAttribute(
                "renewable",
                key.status() == AccessKeyStatus.ACTIVE
                        && key.expiresAt() != null
                        && key.expiresAt().isAfter(clock.instant()));
        return "console/key";
    }

    @PostMapping("/console/keys/{accessKeyId}/rotate")
    @AuditedAttempt(value = AuditAction.ROTATE_ACCESS_KEY, idempotencyKeyParameter = "idempotencyKey")
    String rotate(
            HttpServletRequest request,
            @PathVariable String accessKeyId,
            @RequestParam String idempotencyKey,
            RedirectAttributes redirect) {
        // The successor inherits the old key's lease, as an API rotate without a ttl.
        Issued issued =
                rotation.rotate(callers.of(request), IdempotencyKey.required(idempotencyKey), accessKeyId, null);
        redirect.addFlashAttribute(ISSUED, issued.key());
        return "redirect:/console/secret";
    }

    /** The new secret, this once: never cached, and never again after this answer. */
    @GetMapping("/console/secret")
    String secret(HttpServletResponse response, Model model) {
        response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
        Object issued = model.getAttribute(ISSUED);
        if (issued instanceof IssuedKey key) {
            model.addAttribute("keyPath", KeyPaths.of(key.accessKeyId()));
        }
        return "console/secret";
    }

    @PostMapping("/console/keys/{accessKeyId}/disable")
    @AuditedAttempt(AuditAction.DISABLE_ACCESS_KEY)
    String disable(
            HttpServletRequest request,
            @PathVariable String accessKeyId,
            @RequestParam(required = false) String confirmation,
            @RequestParam(required = false) String reason,
            RedirectAttributes redirect) {
        Caller caller = callers.of(request);
        confirm(caller, accessKeyId, confirmation);
        lifecycle.disable(caller, accessKeyId, reason);
        return done(redirect, accessKeyId, "The key is disabled.");
    }

    @PostMapping("/console/keys/{accessKeyId}/enable")
    @AuditedAttempt(AuditAction.ENABLE_ACCESS_KEY)
    String enable(HttpServletRequest request, @PathVariable String accessKeyId, RedirectAttributes redirect) {
        lifecycle.enable(callers.of(request), accessKeyId);
        return done(redirect, accessKeyId, "The key is enabled.");
    }

    @PostMapping("/console/keys/{accessKeyId}/delete")
    @AuditedAttempt(AuditAction.DELETE_ACCESS_KEY)
    String delete(
            HttpServletRequest request,
            @PathVariable String accessKeyId,
            @RequestParam(required = false) String confirmation,
            @RequestParam(required = false) String reason,
            RedirectAttributes redirect) {
        Caller caller = callers.of(request);
        confirm(caller, accessKeyId, confirmation);
        lifecycle.delete(caller, accessKeyId, reason);
        return done(redirect, accessKeyId, "The key is deleted.");
    }

    /**
     * An ADMIN keeps a key recovered after a loss, with an optional reason, through the service the
     * API's recovery review calls; deleting it is the other answer, the key's Delete. Once none of
     * its user's recovered keys awaits review, creates for the user are accepted again.
     */
    @PostMapping("/console/keys/{accessKeyId}/recovery-review")
    @AuditedAttempt(AuditAction.REVIEW_RECOVERED_KEY)
    String keepRecovered(
            HttpServletRequest request,
            @PathVariable String accessKeyId,
            @RequestParam(required = false) String reason,
            RedirectAttributes redirect) {
        lifecycle.keepRecovered(callers.of(request), accessKeyId, reason);
        return done(redirect, accessKeyId, "The key is kept as a managed key; its review is recorded.");
    }

    /**
     * A destructive action needs the key's user name, or the last {@value Confirmation#TAIL}
     * characters of its id, typed by hand; anything else changes nothing.
     */
    private void confirm(Caller caller, String accessKeyId, String typed) {
        AccessKeyView key = queries.get(caller, accessKeyId);
        if (!Confirmation.matches(key, typed)) {
            throw new InvalidInputException(
                    "confirmation",
                    "Type the key's user name, or the last " + Confirmation.TAIL
                            + " characters of its id, to confirm. Nothing was changed.");
        }
    }

    /** Where an action on one key returns, with what it did in words. */
    static String done(RedirectAttributes redirect, String accessKeyId, String message) {
        redirect.addFlashAttribute("notice", message);
        return "redirect:" + KeyPaths.of(accessKeyId);
    }

    private static AccessKeyStatus status(String status) {
        if (blankToNull(status) == null) {
            return null;
        }
        try {
            return AccessKeyStatus.valueOf(status);
        } catch (IllegalArgumentException ex) {
            throw new InvalidInputException("status", "status must be one of ACTIVE, ROTATING, INACTIVE, DELETED.");
        }
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** A link to another key. */
    record Link(String accessKeyId, String path) {}
}
