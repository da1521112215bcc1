package io.keywarden.compat;

import io.keywarden.accesskey.LeaseTooLongException;
import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditedAccess;
import io.keywarden.audit.AuditedAttempt;
import io.keywarden.identity.Caller;
import io.keywarden.identity.Role;
import io.keywarden.identity.RouteAccess;
import io.keywarden.identity.ScopeDeniedException;
import io.keywarden.issuance.AwaitingOperatorException;
import io.keywarden.issuance.IdempotencyKey;
import io.keywarden.issuance.IdempotencyKeyReusedException;
import io.keywarden.issuance.IssueCommand;
import io.keywarden.issuance.Issued;
import io.keywarden.issuance.KeyIssuer;
import io.keywarden.issuance.KeyLimitReachedException;
import io.keywarden.issuance.ReconciliationDeferredException;
import io.keywarden.issuance.RecoveredKeysUnreviewedException;
import io.keywarden.issuance.RequestInProgressException;
import io.keywarden.platform.web.ActingGets;
import io.keywarden.platform.web.ApiTags;
import io.keywarden.platform.web.Headers;
import io.keywarden.platform.web.InvalidInputException;
import io.keywarden.platform.web.PrintableText;
import io.keywarden.platform.web.Problems;
import io.keywarden.platform.web.StorageUnavailableException;
import io.keywarden.upstream.UpstreamFailure;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /v1/compat}: CreateAccessKey for callers that speak the upstream's protocol (GET with a
 * query, form POST or JSON POST), authenticated by bearer token instead of a signature. It runs
 * the very same create protocol as {@code POST /v1/access-keys}, with the idempotency key
 * optional, and answers in the upstream's envelope: once authenticated, every answer is HTTP 200
 * with a RetCode (see {@link CompatRetCodes}). Refusals, its own (the action, unreadable
 * parameters) and the protocol's, leave the handler as exceptions, so the edge audits them as on
 * every audited route before they are answered here in the upstream's envelope.
 */
@RestController
@Tag(name = ApiTags.COMPAT)
@ApiResponse(
        responseCode = "200",
        description = "Every answer once authenticated: RetCode 0 with the key, or another RetCode",
        content =
                @Content(
                        examples = {
                            @ExampleObject(name = "created", value = CompatController.CREATED_EXAMPLE),
                            @ExampleObject(name = "refused", value = CompatController.REFUSED_EXAMPLE)
                        }))
class CompatController {

    static final String PATH = "/v1/compat";

    private static final HttpMethod[] ALLOWED = {HttpMethod.GET, HttpMethod.POST, HttpMethod.OPTIONS};

    private static final String CREATE_ACCESS_KEY = "CreateAccessKey";
    private static final int MAX_ECHOED = 64;

    static final String CREATED_EXAMPLE = """
            {"RetCode": 0, "Action": "CreateAccessKeyResponse", "AccessKey": {
              "AccessKeyID": "0Y6rwIS5Bxq4HaG5WBFg0KQ/gex++P9xbpigcha7nBI=", "UserId": 256852758,
              "AccessKeySecret": "(the secret, shown this once)", "Description": "CI deploy key", "Status": "Active",
              "CreatedAt": 1795848971, "ExpiredAt": 0, "UpdatedAt": 1795848971, "DeletedAt": 0}}""";
    static final String REFUSED_EXAMPLE =
            "{\"RetCode\": 230, \"Action\": \"CreateAccessKeyResponse\", \"Message\": \"Params [UserName] not available\"}";

    private final KeyIssuer issuer;
    private final JsonMapper json;

    CompatController(KeyIssuer issuer, JsonMapper json) {
        this.issuer = issuer;
        this.json = json;
    }

    /** ISSUER (in its scope) and ADMIN may create keys here, by any method; any other client's attempt is audited. */
    @Bean
    static RouteAccess compatAccess(AuditedAccess audited) {
        return audited.route(null, PATH, AuditAction.CREATE_ACCESS_KEY, Role.ISSUER, Role.ADMIN);
    }

    @Operation(
            summary = "CreateAccessKey in the upstream's shape, by query string",
            description = "GET only: HEAD is refused (405), since its answer could not carry the secret.")
    @ApiResponse(responseCode = "405", description = "HEAD, or another method than GET and POST; see Allow")
    @GetMapping(PATH)
    @AuditedAttempt(AuditAction.CREATE_ACCESS_KEY)
    ResponseEntity<CompatEnvelope> query(
            @AuthenticationPrincipal Caller caller,
            @RequestHeader(name = Headers.IDEMPOTENCY_KEY, required = false) String idempotencyKey,
            HttpServletRequest http)
            throws HttpRequestMethodNotSupportedException {
        ActingGets.refuseHead(http, ALLOWED);
        return answer(caller, idempotencyKey, CompatParameters.of(http));
    }

    /** Says what the route takes, without the {@code HEAD} Spring MVC would list for a {@code GET} route. */
    @Operation(hidden = true)
    @RequestMapping(path = PATH, method = RequestMethod.OPTIONS)
    ResponseEntity<Void> options() {
        return ResponseEntity.ok().allow(ALLOWED).build();
    }

    @Operation(summary = "CreateAccessKey in the upstream's shape, as a form")
    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    @AuditedAttempt(AuditAction.CREATE_ACCESS_KEY)
    ResponseEntity<CompatEnvelope> form(
            @AuthenticationPrincipal Caller caller,
            @RequestHeader(name = Headers.IDEMPOTENCY_KEY, required = false) String idempotencyKey,
            HttpServletRequest http) {
        return answer(caller, idempotencyKey, CompatParameters.of(http));
    }

    @Operation(summary = "CreateAccessKey in the upstream's shape, as JSON")
    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
    @AuditedAttempt(AuditAction.CREATE_ACCESS_KEY)
    ResponseEntity<CompatEnvelope> json(
            @AuthenticationPrincipal Caller caller,
            @RequestHeader(name = Headers.IDEMPOTENCY_KEY, required = false) String idempotencyKey,
            @RequestBody(required = false) byte[] body,
            HttpServletRequest http) {
        return answer(caller, idempotencyKey, CompatParameters.of(http).withJson(parse(body)));
    }

    private ResponseEntity<CompatEnvelope> answer(Caller caller, String idempotencyKey, CompatParameters parameters) {
        String action = parameters.get(CompatParameters.ACTION);
        if (action == null) {
            throw CompatRetCodes.missingAction();
        }
        if (!CREATE_ACCESS_KEY.equals(action)) {
            throw CompatRetCodes.unknownAction(PrintableText.of(action, MAX_ECHOED));
        }
        return created(issuer.issue(IssueCommand.create(
                caller,
                IdempotencyKey.optional(idempotencyKey),
                parameters.get(CompatParameters.USER_NAME),
                parameters.get(CompatParameters.DESCRIPTION),
                parameters.ttl())));
    }

    /**
     * Every refusal and failure a caller of the upstream's protocol reads as a RetCode, once the
     * edge has audited it; anything else is the edge's to answer (a 500).
     */
    @ExceptionHandler({
        UnknownActionException.class,
        InvalidInputException.class,
        LeaseTooLongException.class,
        ScopeDeniedException.class,
        RequestInProgressException.class,
        AwaitingOperatorException.class,
        RecoveredKeysUnreviewedException.class,
        IdempotencyKeyReusedException.class,
        KeyLimitReachedException.class,
        UpstreamFailure.class,
        ReconciliationDeferredException.class,
        StorageUnavailableException.class
    })
    ResponseEntity<CompatEnvelope> refused(RuntimeException ex) {
        return failed(CompatRetCodes.of(ex).orElseThrow(() -> new IllegalStateException("no RetCode for " + ex)));
    }

    private static ResponseEntity<CompatEnvelope> created(Issued issued) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok().cacheControl(CacheControl.noStore());
        if (issued.replayed()) {
            answer.header(Headers.IDEMPOTENT_REPLAYED, "true");
        }
        return answer.body(CompatEnvelope.success(CompatAccessKey.of(issued.key())));
    }

    private static ResponseEntity<CompatEnvelope> failed(CompatRetCodes.Failure failure) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok().cacheControl(CacheControl.noStore());
        Duration retryAfter = failure.retryAfter();
        if (retryAfter != null) {
            answer.header(HttpHeaders.RETRY_AFTER, Problems.retryAfterSeconds(retryAfter));
        }
        return answer.body(failure.envelope());
    }

    /** The gateway reads an unreadable JSON body as one without parameters (RetCode 160). */
    private JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (JacksonException ex) {
            return null;
        }
    }
}
