package io.keywarden.compat;

import io.keywarden.issuance.IssueRequest;
import io.keywarden.issuance.IssueRequestRules;
import io.keywarden.issuance.Issued;
import io.keywarden.issuance.KeyIssuer;
import io.keywarden.security.Caller;
import io.keywarden.web.ProblemException;
import io.keywarden.web.RejectedAttemptListener;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.ServletWebRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /v1/compat}: CreateAccessKey for callers that speak the upstream's protocol (GET with a
 * query, form POST or JSON POST), authenticated by bearer token instead of a signature. It runs
 * the very same create protocol as {@code POST /v1/access-keys}, with the idempotency key
 * optional, and answers in the upstream's envelope: once authenticated, every answer is HTTP 200
 * with a RetCode (see {@link CompatRetCodes}).
 */
@RestController
class CompatController {

    static final String PATH = "/v1/compat";

    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final String REPLAYED = "Idempotent-Replayed";
    private static final String CREATE_ACCESS_KEY = "CreateAccessKey";

    private final KeyIssuer issuer;
    private final IssueRequestRules rules;
    private final RejectedAttemptListener rejectedAttempts;
    private final JsonMapper json;

    CompatController(
            KeyIssuer issuer, IssueRequestRules rules, RejectedAttemptListener rejectedAttempts, JsonMapper json) {
        this.issuer = issuer;
        this.rules = rules;
        this.rejectedAttempts = rejectedAttempts;
        this.json = json;
    }

    @GetMapping(PATH)
    ResponseEntity<CompatEnvelope> query(
            @AuthenticationPrincipal Caller caller,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
            HttpServletRequest http) {
        return answer(caller, idempotencyKey, () -> CompatParameters.of(http), http);
    }

    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<CompatEnvelope> form(
            @AuthenticationPrincipal Caller caller,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
            HttpServletRequest http) {
        return answer(caller, idempotencyKey, () -> CompatParameters.of(http), http);
    }

    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CompatEnvelope> json(
            @AuthenticationPrincipal Caller caller,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
            @RequestBody(required = false) byte[] body,
            HttpServletRequest http) {
        return answer(caller, idempotencyKey, () -> CompatParameters.of(http).withJson(parse(body)), http);
    }

    /** Parameters are gathered inside, so that unreadable ones are answered as a RetCode too. */
    private ResponseEntity<CompatEnvelope> answer(
            Caller caller, String idempotencyKey, Supplier<CompatParameters> gather, HttpServletRequest http) {
        try {
            CompatParameters parameters = gather.get();
            String action = parameters.get(CompatParameters.ACTION);
            if (action == null) {
                return refused(http, CompatRetCodes.missingAction());
            }
            if (!CREATE_ACCESS_KEY.equals(action)) {
                return refused(http, CompatRetCodes.unknownAction(printable(action)));
            }
            IssueRequest request = rules.createRequest(
                    caller,
                    idempotencyKey,
                    false,
                    parameters.get(CompatParameters.USER_NAME),
                    parameters.get(CompatParameters.DESCRIPTION),
                    http);
            return created(issuer.issue(request));
        } catch (ProblemException ex) {
            if (ex.status().is4xxClientError()) {
                rejectedAttempts.rejected(new ServletWebRequest(http), ex.problem());
            }
            return failed(CompatRetCodes.envelope(ex), ex.retryAfter());
        }
    }

    private static ResponseEntity<CompatEnvelope> created(Issued issued) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok().cacheControl(CacheControl.noStore());
        if (issued.replayed()) {
            answer.header(REPLAYED, "true");
        }
        return answer.body(CompatEnvelope.success(CompatAccessKey.of(issued.key())));
    }

    private ResponseEntity<CompatEnvelope> refused(HttpServletRequest http, CompatEnvelope envelope) {
        rejectedAttempts.rejected(
                new ServletWebRequest(http),
                ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, envelope.message()));
        return failed(envelope, null);
    }

    private static ResponseEntity<CompatEnvelope> failed(CompatEnvelope envelope, Duration retryAfter) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok().cacheControl(CacheControl.noStore());
        if (retryAfter != null) {
            answer.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
        }
        return answer.body(envelope);
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

    /** The caller's own text, echoed as the upstream echoes it, but never with control characters. */
    private static String printable(String value) {
        String cleaned = value.replaceAll("[^\\x20-\\x7e]", "?");
        return cleaned.length() > 64 ? cleaned.substring(0, 64) + "..." : cleaned;
    }
}
