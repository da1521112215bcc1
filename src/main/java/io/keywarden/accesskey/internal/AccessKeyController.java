package io.keywarden.accesskey.internal;

import io.keywarden.accesskey.AccessKeyPage;
import io.keywarden.accesskey.AccessKeyQueries;
import io.keywarden.accesskey.AccessKeyStatus;
import io.keywarden.accesskey.AccessKeyView;
import io.keywarden.accesskey.KeyLifecycle;
import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditedAccess;
import io.keywarden.audit.AuditedAttempt;
import io.keywarden.identity.Caller;
import io.keywarden.identity.Role;
import io.keywarden.identity.RouteAccess;
import io.keywarden.platform.web.ApiTags;
import io.keywarden.platform.web.InvalidInputException;
import io.keywarden.platform.web.OperatorReason;
import io.keywarden.platform.web.SearchText;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.springframework.context.annotation.Bean;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Key metadata for callers (one key, or a page of keys in the caller's scope; never a secret) and
 * an operator's disable, enable and delete.
 */
@RestController
@Tag(name = ApiTags.ACCESS_KEYS)
class AccessKeyController {

    private static final String KEY_EXAMPLE = """
            {"accessKeyId": "0Y6rwIS5Bxq4HaG5WBFg0KQ/gex++P9xbpigcha7nBI=", "userName": "team-payments",
             "userId": 256852758, "description": "CI deploy key", "status": "ACTIVE",
             "createdAt": "2026-11-28T06:45:08Z", "expiresAt": "2026-11-28T08:45:08Z", "updatedAt": "2026-11-28T06:45:08Z",
             "issuedBy": "payments-service", "rotatedFrom": null, "retireAt": null, "recoveredAfterLoss": false}""";
    private static final String REASON_EXAMPLE = "{\"reason\": \"INC-4711: leaked in a build log\"}";
    private static final String PAGE_EXAMPLE = "{\"items\": [" + KEY_EXAMPLE + "], \"nextCursor\": \"azo0Mg\"}";

    static final String KEY = "/v1/access-keys/{accessKeyId}";
    static final String DISABLE = KEY + "/disable";
    static final String ENABLE = KEY + "/enable";
    static final String RECOVERY_REVIEW = "/admin/v1/access-keys/{accessKeyId}/recovery-review";

    private final AccessKeyQueries queries;
    private final KeyLifecycle lifecycle;

    AccessKeyController(AccessKeyQueries queries, KeyLifecycle lifecycle) {
        this.queries = queries;
        this.lifecycle = lifecycle;
    }

    /**
     * Only ADMIN disables, enables, deletes and reviews keys; any other client's attempt is audited
     * with the key.
     */
    @Bean
    static RouteAccess disableAccess(AuditedAccess audited) {
        return audited.route(HttpMethod.POST, DISABLE, AuditAction.DISABLE_ACCESS_KEY, Role.ADMIN);
    }

    @Bean
    static RouteAccess enableAccess(AuditedAccess audited) {
        return audited.route(HttpMethod.POST, ENABLE, AuditAction.ENABLE_ACCESS_KEY, Role.ADMIN);
    }

    @Bean
    static RouteAccess deleteAccess(AuditedAccess audited) {
        return audited.route(HttpMethod.DELETE, KEY, AuditAction.DELETE_ACCESS_KEY, Role.ADMIN);
    }

    @Bean
    static RouteAccess recoveryReviewAccess(AuditedAccess audited) {
        return audited.route(HttpMethod.POST, RECOVERY_REVIEW, AuditAction.REVIEW_RECOVERED_KEY, Role.ADMIN);
    }

    @Operation(
            summary = "Disable a key upstream (ADMIN)",
            description = "Optional body {\"reason\": \"INC-4711: leaked in a build log\"}: the operator's reason or"
                    + " ticket, kept in the audit event's detail; at most " + OperatorReason.MAX_LENGTH
                    + " characters of printable text, else 400 naming reason and nothing changes.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = false,
            content = @Content(examples = @ExampleObject(value = REASON_EXAMPLE)))
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value = KEY_EXAMPLE)))
    @PostMapping(DISABLE)
    @AuditedAttempt(AuditAction.DISABLE_ACCESS_KEY)
    ResponseEntity<AccessKeyView> disable(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String accessKeyId,
            @RequestBody(required = false) ReasonRequest body) {
        return noStore(lifecycle.disable(caller, accessKeyId, body == null ? null : body.reason()));
    }

    @Operation(summary = "Enable a disabled key upstream (ADMIN)")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value = KEY_EXAMPLE)))
    @PostMapping(ENABLE)
    @AuditedAttempt(AuditAction.ENABLE_ACCESS_KEY)
    ResponseEntity<AccessKeyView> enable(@AuthenticationPrincipal Caller caller, @PathVariable String accessKeyId) {
        return noStore(lifecycle.enable(caller, accessKeyId));
    }

    @Operation(
            summary = "Delete a key upstream and mark it DELETED (ADMIN)",
            description = "Optional query parameter reason (such as ?reason=INC-4711): the operator's reason or"
                    + " ticket, kept in the audit event's detail; at most " + OperatorReason.MAX_LENGTH
                    + " characters of printable text, else 400 naming reason and nothing changes.")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value = KEY_EXAMPLE)))
    @DeleteMapping(KEY)
    @AuditedAttempt(AuditAction.DELETE_ACCESS_KEY)
    ResponseEntity<AccessKeyView> delete(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String accessKeyId,
            @RequestParam(name = OperatorReason.PARAMETER, required = false) String reason) {
        return noStore(lifecycle.delete(caller, accessKeyId, reason));
    }

    @Operation(
            summary = "Keep a key recovered after a loss of the database's commits (ADMIN)",
            description = "Body {\"keep\": true, \"reason\": \"...\"}: the operator checked the key (upstream"
                    + " reconciliation adopted it, created in an acknowledged loss's window, issuing client unknown)"
                    + " and keeps it as a managed key. Audited REVIEW_RECOVERED_KEY with the reason (at most "
                    + OperatorReason.MAX_LENGTH + " characters of printable text). Once none of its user's recovered"
                    + " keys awaits review, creates for that user are accepted again. To revoke it instead, DELETE"
                    + " /v1/access-keys/{accessKeyId}, which ends its review too. 409 when the key awaits no review.")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value = KEY_EXAMPLE)))
    @PostMapping(RECOVERY_REVIEW)
    @AuditedAttempt(AuditAction.REVIEW_RECOVERED_KEY)
    ResponseEntity<AccessKeyView> reviewRecovery(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String accessKeyId,
            @RequestBody(required = false) RecoveryReview body) {
        if (body == null || !Boolean.TRUE.equals(body.keep())) {
            throw new InvalidInputException(
                    "keep",
                    "Send {\"keep\": true} to keep key " + accessKeyId + " as a managed key; to revoke it, DELETE"
                            + " /v1/access-keys/{accessKeyId} instead.");
        }
        return noStore(lifecycle.keepRecovered(caller, accessKeyId, body.reason()));
    }

    /**
     * The body of {@code POST /admin/v1/access-keys/{id}/recovery-review}.
     *
     * @param keep {@code true}: keep the key as a managed key
     * @param reason the operator's reason or ticket, or {@code null}
     */
    record RecoveryReview(Boolean keep, String reason) {}

    /**
     * The optional body of {@code POST /v1/access-keys/{id}/disable}.
     *
     * @param reason the operator's reason or ticket, or {@code null}
     */
    record ReasonRequest(String reason) {}

    private static <T> ResponseEntity<T> noStore(T body) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
    }

    @Operation(summary = "One key's metadata, never its secret")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value = KEY_EXAMPLE)))
    @GetMapping("/v1/access-keys/{accessKeyId}")
    ResponseEntity<AccessKeyView> get(@AuthenticationPrincipal Caller caller, @PathVariable String accessKeyId) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(queries.get(caller, accessKeyId));
    }

    @Operation(
            summary = "Keys in the caller's scope, oldest first, keyset-paginated",
            description = "expiringWithin (an ISO-8601 duration such as PT24H): only keys not gone yet whose"
                    + " lease ends within it, or has ended. recovered=true: only keys upstream reconciliation"
                    + " recovered after a loss of the database's commits (recoveredAfterLoss)")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value = PAGE_EXAMPLE)))
    @GetMapping("/v1/access-keys")
    ResponseEntity<AccessKeyPage> list(
            @AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) String userName,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) Boolean dueForRotation,
            @RequestParam(required = false) String expiringWithin,
            @RequestParam(required = false) Boolean recovered,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        var filter = new AccessKeyQueries.KeyFilter(
                SearchText.check("userName", userName),
                parseStatus(status),
                Boolean.TRUE.equals(dueForRotation),
                parseWithin(expiringWithin),
                null,
                null,
                Boolean.TRUE.equals(recovered));
        AccessKeyPage page = queries.list(caller, filter, limit, cursor);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(page);
    }

    private static Duration parseWithin(String within) {
        if (within == null) {
            return null;
        }
        try {
            Duration parsed = Duration.parse(within);
            if (!parsed.isNegative()) {
                return parsed;
            }
        } catch (DateTimeParseException ex) {
            // answered below
        }
        throw new InvalidInputException(
                "expiringWithin", "expiringWithin must be a non-negative ISO-8601 duration such as PT24H.");
    }

    private static AccessKeyStatus parseStatus(String status) {
        if (status == null) {
            return null;
        }
        try {
            return AccessKeyStatus.valueOf(status);
        } catch (IllegalArgumentException ex) {
            throw new InvalidInputException("status must be one of ACTIVE, ROTATING, INACTIVE, DELETED.");
        }
    }
}
