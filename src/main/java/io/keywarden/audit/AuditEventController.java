package io.keywarden.audit;

import io.keywarden.security.Caller;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The audit log for auditors and admins: search it newest first, page by page, and verify its
 * hash chain end to end (one walk at a time, see {@link AuditVerifications}). Parameters arrive
 * as text and are checked by {@link AuditEventFilter}, so every malformed one is the same 400
 * problem. A search answers only events within the caller's user-name scope. Answers are never
 * cached.
 */
@RestController
class AuditEventController {

    private final AuditEventSearch search;
    private final AuditVerifications verifications;

    AuditEventController(AuditEventSearch search, AuditVerifications verifications) {
        this.search = search;
        this.verifications = verifications;
    }

    @GetMapping("/admin/v1/audit-events")
    ResponseEntity<AuditEventPage> search(
            @AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) String userName,
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) String outcome,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String cursor) {
        AuditEventFilter filter = AuditEventFilter.parse(userName, actor, action, outcome, from, to, limit, cursor);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(search.search(filter, caller));
    }

    @GetMapping("/admin/v1/audit-events/verification")
    ResponseEntity<AuditVerificationReport> verify() {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(verifications.walkOrLatest());
    }
}
