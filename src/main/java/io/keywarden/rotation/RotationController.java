package io.keywarden.rotation;

import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditedAccess;
import io.keywarden.audit.AuditedAttempt;
import io.keywarden.identity.Caller;
import io.keywarden.identity.Role;
import io.keywarden.identity.RouteAccess;
import io.keywarden.issuance.IdempotencyKey;
import io.keywarden.issuance.IssuedKey;
import io.keywarden.issuance.IssuedResponses;
import io.keywarden.platform.web.ApiTags;
import io.keywarden.platform.web.Headers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Rotating a key: its successor and the successor's secret, handed to the caller exactly once. */
@RestController
@Tag(name = ApiTags.ACCESS_KEYS)
class RotationController {

    static final String PATH = "/v1/access-keys/{accessKeyId}/rotate";

    private final KeyRotation rotation;

    RotationController(KeyRotation rotation) {
        this.rotation = rotation;
    }

    /** ISSUER (in its scope) and ADMIN may rotate keys; any other client's attempt is audited. */
    @Bean
    static RouteAccess rotateAccess(AuditedAccess audited) {
        return audited.route(HttpMethod.POST, PATH, AuditAction.ROTATE_ACCESS_KEY, Role.ISSUER, Role.ADMIN);
    }

    @Operation(
            summary = "Rotate a key: create its successor for the same user",
            description = "Requires Idempotency-Key. The old key becomes ROTATING and keeps working until retireAt."
                    + " The successor inherits the old key's lease length, counted from its own creation;"
                    + " optional body {\"ttl\": \"PT2H\"} asks for another. Either is bounded by the maximum"
                    + " of the old key's creator and of the caller (a ttl over it: 422 naming maxTtl).")
    @ApiResponse(
            responseCode = "201",
            description = "The successor key and its secret, shown this once",
            content = @Content(examples = @ExampleObject(value = IssuedResponses.EXAMPLE)))
    @ApiResponse(
            responseCode = "409",
            description = IssuedResponses.CONFLICT,
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(ref = "#/components/schemas/Problem"),
                            examples =
                                    @ExampleObject(
                                            name = "key-limit-reached",
                                            value = IssuedResponses.KEY_LIMIT_EXAMPLE)))
    @PostMapping(PATH)
    @AuditedAttempt(AuditAction.ROTATE_ACCESS_KEY)
    ResponseEntity<IssuedKey> rotate(
            @AuthenticationPrincipal Caller caller,
            @RequestHeader(name = Headers.IDEMPOTENCY_KEY, required = false) String idempotencyKey,
            @PathVariable String accessKeyId,
            @RequestBody(required = false) RotateRequest body) {
        return IssuedResponses.created(rotation.rotate(
                caller, IdempotencyKey.required(idempotencyKey), accessKeyId, body == null ? null : body.ttl()));
    }
}
