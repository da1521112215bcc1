package io.keywarden.audit.internal;

import io.keywarden.identity.Caller;
import io.keywarden.platform.web.ApiTags;
import io.keywarden.platform.web.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The audit log for auditors and admins: search it newest first, page by page, and verify its
 * hash chain end to end (one walk at a time, see {@link AuditVerifications}). Parameters arrive
 * as text and are checked by {@link AuditEventFilter}, so every malformed one is the same 400
 * problem. A search answers only events within the caller's user-name scope; the export, which
 * holds every event, only unscoped callers. Answers are never cached.
 */
@RestController
@Tag(name = ApiTags.AUDIT)
class AuditEventController {

    private final AuditEventSearch search;
    private final AuditVerifications verifications;
    private final AuditEventExport export;

    AuditEventController(AuditEventSearch search, AuditVerifications verifications, AuditEventExport export) {
        this.search = search;
        this.verifications = verifications;
        this.export = export;
    }

    @Operation(
            summary = "Export the audit log as NDJSON in id order, for offline verification (unscoped AUDITOR, ADMIN)",
            description = "from and to are event ids, both inclusive and optional. Export the whole log (no to) to"
                    + " check that nothing was deleted after the latest checkpoint.")
    @GetMapping(value = "/admin/v1/audit-events/export", produces = AuditEventExport.NDJSON)
    void export(
            @AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            HttpServletResponse response)
            throws IOException {
        if (!caller.unscoped()) {
            throw new ExportOutOfScopeException();
        }
        Long first = eventId("from", from);
        Long last = eventId("to", to);
        // Written on the request's own thread: an asynchronous body would be dispatched again
        // without the caller's authentication.
        response.setContentType(AuditEventExport.NDJSON);
        response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
        export.write(first, last, response.getOutputStream());
    }

    @Operation(
            summary = "Search the audit log, newest first, keyset-paginated (AUDITOR, ADMIN)",
            description = "accessKeyId: one key's history, every attempted action on it whatever its outcome"
                    + " (a successful rotation is SUPERSEDE_ACCESS_KEY in the old key's history and"
                    + " ROTATE_ACCESS_KEY in its successor's)")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value = """
            {"items": [{"id": 1042, "occurredAt": "2026-11-28T06:45:08.123456Z", "actor": "payments-service",
              "action": "CREATE_ACCESS_KEY", "outcome": "SUCCEEDED", "userName": "team-payments",
              "accessKeyId": "BBmhiG/WGE+s54wIKFW74NiPVvxkuek2h9EwT3me36c=", "upstreamRetCode": 0,
              "upstreamRequestId": "5f0c1a9e-2b7d-4c1e-9a53-0d6f4b8e7c21", "idempotencyKey": "deploy-7d3f",
              "requestId": "4914e77f-6d76-464f-8f56-d5fcf7988d9a", "clientAddress": "10.0.4.17", "detail": null,
              "tokenSubject": "system:serviceaccount:payments:api", "tokenId": "0b6e2f4c-7c1d-4f7e-9a0b-3d2c1e5f6a7b",
              "previousHash": "3b1e...", "hash": "9f2c..."}],
             "nextCursor": "YXVkaXQtYmVmb3JlOjEwNDI"}""")))
    @GetMapping("/admin/v1/audit-events")
    ResponseEntity<AuditEventPage> search(
            @AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) String userName,
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) String outcome,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String accessKeyId,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String cursor) {
        AuditEventFilter filter = AuditEventFilter.parse(userName, actor, action, outcome, from, to, limit, cursor)
                .forKey(accessKeyId);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(search.search(filter, caller));
    }

    @Operation(summary = "Walk the audit log's hash chain and say whether it is whole (AUDITOR, ADMIN)")
    @ApiResponse(
            responseCode = "200",
            content =
                    @Content(
                            examples =
                                    @ExampleObject(
                                            value =
                                                    "{\"intact\": true, \"eventsChecked\": 1042, \"firstBrokenEventId\": null,"
                                                            + " \"headHash\": \"9f2c...\", \"verifiedAt\":"
                                                            + " \"2026-11-28T06:45:08Z\", \"cached\": false}")))
    @GetMapping("/admin/v1/audit-events/verification")
    ResponseEntity<AuditVerificationReport> verify() {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(verifications.walkOrLatest());
    }

    private static Long eventId(String parameter, String value) {
        if (value == null) {
            return null;
        }
        try {
            long id = Long.parseLong(value);
            if (id >= 1) {
                return id;
            }
        } catch (NumberFormatException ex) {
            // answered below like a number out of range
        }
        throw new InvalidInputException(parameter, parameter + " must be an event id (a whole number from 1).");
    }

    /** A scoped caller asked for the whole log, which holds events of users outside its scope. */
    static final class ExportOutOfScopeException extends RuntimeException {
        ExportOutOfScopeException() {
            super(
                    "The export holds every user's events; only ADMIN or a client whose scope is all users may export.",
                    null,
                    false,
                    false);
        }
    }
}
