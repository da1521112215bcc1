package io.keywarden.issuance.internal;

import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditedAccess;
import io.keywarden.audit.AuditedAttempt;
import io.keywarden.identity.Caller;
import io.keywarden.identity.Role;
import io.keywarden.identity.RouteAccess;
import io.keywarden.issuance.IdempotencyKey;
import io.keywarden.issuance.IssueCommand;
import io.keywarden.issuance.IssuedKey;
import io.keywarden.issuance.IssuedResponses;
import io.keywarden.issuance.KeyIssuer;
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
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Creating a key: a new key and its secret, handed to the caller exactly once. */
@RestController
@Tag(name = ApiTags.ACCESS_KEYS)
class IssuanceController {

    static final String PATH = "/v1/access-keys";

    private final KeyIssuer issuer;

    IssuanceController(KeyIssuer issuer) {
        this.issuer = issuer;
    }

    /** ISSUER (in its scope) and ADMIN may create keys; any other client's attempt is audited. */
    @Bean
    static RouteAccess createAccess(AuditedAccess audited) {
        return audited.route(HttpMethod.POST, PATH, AuditAction.CREATE_ACCESS_KEY, Role.ISSUER, Role.ADMIN);
    }

    @Operation(
            summary = "Create a key for a user",
            description = "Requires Idempotency-Key. The answer is the only one that ever holds the secret. Optional"
                    + " ttl (ISO-8601 duration): the key is revoked when it ends; above the caller's maximum: 422.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content =
                    @Content(
                            examples =
                                    @ExampleObject(
                                            value =
                                                    "{\"userName\": \"team-payments\", \"description\": \"CI deploy key\", \"ttl\": \"PT2H\"}")))
    @ApiResponse(
            responseCode = "201",
            description = "The new key and its secret, shown this once",
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
    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
    @AuditedAttempt(AuditAction.CREATE_ACCESS_KEY)
    ResponseEntity<IssuedKey> create(
            @AuthenticationPrincipal Caller caller,
            @RequestHeader(name = Headers.IDEMPOTENCY_KEY, required = false) String idempotencyKey,
            @RequestBody CreateAccessKeyRequest body) {
        IssueCommand command = IssueCommand.create(
                caller, IdempotencyKey.required(idempotencyKey), body.userName(), body.description(), body.ttl());
        return IssuedResponses.created(issuer.issue(command));
    }
}
