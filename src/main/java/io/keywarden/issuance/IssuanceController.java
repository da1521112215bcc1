package io.keywarden.issuance;

import io.keywarden.security.Caller;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v1/access-keys}: a new key and its secret, handed to the caller exactly once. */
@RestController
class IssuanceController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";

    private final KeyIssuer issuer;
    private final IssueRequestRules rules;

    IssuanceController(KeyIssuer issuer, IssueRequestRules rules) {
        this.issuer = issuer;
        this.rules = rules;
    }

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

    static ResponseEntity<IssuedKey> created(Issued issued) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.created(
                        URI.create("/v1/access-keys/" + issued.key().accessKeyId()))
                .cacheControl(CacheControl.noStore());
        if (issued.replayed()) {
            answer.header(REPLAYED, "true");
        }
        return answer.body(issued.key());
    }
}
