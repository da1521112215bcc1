package io.keywarden.issuance;

import io.keywarden.accesskey.AccessKeyQueries;
import io.keywarden.accesskey.AccessKeyView;
import io.keywarden.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

/**
 * Creating and rotating keys: a new key and its secret, handed to the caller exactly once. A
 * rotation's successor is created the same way, for the old key's user.
 */
@RestController
class IssuanceController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";

    private final KeyIssuer issuer;
    private final IssueRequestRules rules;
    private final AccessKeyQueries keys;

    IssuanceController(KeyIssuer issuer, IssueRequestRules rules, AccessKeyQueries keys) {
        this.issuer = issuer;
        this.rules = rules;
        this.keys = keys;
    }

    @Operation(
            summary = "Create a key for a user",
            description = "Requires Idempotency-Key. The answer is the only one that ever holds the secret.")
    @ApiResponse(responseCode = "201", description = "The new key and its secret, shown this once")
    @PostMapping(path = "/v1/access-keys", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<IssuedKey> create(
            @AuthenticationPrincipal Caller caller,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
            @RequestBody CreateAccessKeyRequest body,
            HttpServletRequest http) {
        IssueRequest request =
                rules.createRequest(caller, idempotencyKey, true, body.userName(), body.description(), http);
        return created(issuer.issue(request));
    }

    @Operation(
            summary = "Rotate a key: create its successor for the same user",
            description = "Requires Idempotency-Key. The old key becomes ROTATING and keeps working until retireAt.")
    @ApiResponse(responseCode = "201", description = "The successor key and its secret, shown this once")
    @PostMapping("/v1/access-keys/{accessKeyId}/rotate")
    ResponseEntity<IssuedKey> rotate(
            @AuthenticationPrincipal Caller caller,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
            @PathVariable String accessKeyId,
            HttpServletRequest http) {
        http.setAttribute(AttemptAuditor.ACCESS_KEY_ID, accessKeyId);
        String key = rules.idempotencyKey(idempotencyKey, true);
        AccessKeyView old = keys.get(caller, accessKeyId);
        http.setAttribute(AttemptAuditor.USER_NAME, old.userName());
        Issued issued = issuer.issue(new IssueRequest(
                caller, key, IssuanceKind.ROTATE, old.userName(), old.description(), old.accessKeyId()));
        return created(issued);
    }

    static ResponseEntity<IssuedKey> created(Issued issued) {
        // Real ids hold '/': unencoded, it would split the id into two path segments.
        String segment = UriUtils.encodePathSegment(issued.key().accessKeyId(), StandardCharsets.UTF_8);
        ResponseEntity.BodyBuilder answer =
                ResponseEntity.created(URI.create("/v1/access-keys/" + segment)).cacheControl(CacheControl.noStore());
        if (issued.replayed()) {
            answer.header(REPLAYED, "true");
        }
        return answer.body(issued.key());
    }
}
