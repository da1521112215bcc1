package io.keywarden.lease.internal;

import io.keywarden.accesskey.AccessKeyView;
import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditedAccess;
import io.keywarden.audit.AuditedAttempt;
import io.keywarden.identity.Caller;
import io.keywarden.identity.Role;
import io.keywarden.identity.RouteAccess;
import io.keywarden.platform.web.ApiTags;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.context.annotation.Bean;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Renewing a key's lease: the key expires later (never earlier), never past its maximum from creation. */
@RestController
@Tag(name = ApiTags.ACCESS_KEYS)
class RenewController {

    static final String PATH = "/v1/access-keys/{accessKeyId}/renew";

    private static final String RENEWED_EXAMPLE = """
            {"accessKeyId": "0Y6rwIS5Bxq4HaG5WBFg0KQ/gex++P9xbpigcha7nBI=", "userName": "batch-nightly",
             "userId": 256852758, "description": "nightly run", "status": "ACTIVE",
             "createdAt": "2026-11-28T06:45:08Z", "expiresAt": "2026-11-28T10:45:08Z",
             "updatedAt": "2026-11-28T08:45:08Z", "issuedBy": "batch-runner", "rotatedFrom": null, "retireAt": null}""";

    private final KeyRenewal renewal;

    RenewController(KeyRenewal renewal) {
        this.renewal = renewal;
    }

    /** ISSUER (in its scope) and ADMIN may renew keys; any other client's attempt is audited. */
    @Bean
    static RouteAccess renewAccess(AuditedAccess audited) {
        return audited.route(HttpMethod.POST, PATH, AuditAction.RENEW_ACCESS_KEY, Role.ISSUER, Role.ADMIN);
    }

    @Operation(
            summary = "Renew a key's lease",
            description = "Optional body {\"ttl\": \"PT2H\"}: the key then expires that long from now (default: the"
                    + " lease it was granted), never past the lower of its creator's and the renewer's maximum from"
                    + " creation (422 naming maxTtl and latestExpiresAt). A renewal never moves expiry earlier: a"
                    + " ttl ending before the key's present expiresAt keeps it (200 with expiresAt unchanged,"
                    + " audited). Only an ACTIVE key whose lease has not ended is renewed (else 409 naming its"
                    + " status).")
    @ApiResponse(
            responseCode = "200",
            description = "The key with its new expiresAt, or its unchanged one when it already expired later",
            content = @Content(examples = @ExampleObject(value = RENEWED_EXAMPLE)))
    @PostMapping(PATH)
    @AuditedAttempt(AuditAction.RENEW_ACCESS_KEY)
    ResponseEntity<AccessKeyView> renew(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String accessKeyId,
            @RequestBody(required = false) RenewRequest body) {
        AccessKeyView renewed = renewal.renew(caller, accessKeyId, body == null ? null : body.ttl());
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(renewed);
    }
}
