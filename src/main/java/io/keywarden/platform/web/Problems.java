package io.keywarden.platform.web;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * The problems keywarden answers with, one factory per kind, so every type URI and title is named
 * once. The modules' exception handlers build their answers from these; nothing here is thrown.
 */
public final class Problems {

    static final String TYPE_PREFIX = "https://keywarden.io/problems/";

    private static final URI BLANK = URI.create("about:blank");

    /** The problem member naming the input an invalid request got wrong. */
    public static final String PARAMETER = "parameter";

    /** How long to wait before trying again after keywarden's own database failed. */
    public static final Duration STORAGE_RETRY_AFTER = Duration.ofSeconds(5);

    private Problems() {}

    /**
     * An invalid request; where one input is at fault it is named as member {@code parameter}
     * (spelled as the API spells it: a field name or a header name), so a caller can act on it
     * without parsing text.
     */
    public static ProblemDetail invalidRequest(String parameter, String detail) {
        return problem(
                HttpStatus.BAD_REQUEST,
                "invalid-request",
                "Invalid request",
                detail,
                parameter == null ? Map.of() : Map.of(PARAMETER, parameter));
    }

    /** A request body over {@code limit} bytes: refused before any of it was acted on. */
    public static ProblemDetail bodyTooLarge(int limit) {
        return problem(
                HttpStatus.CONTENT_TOO_LARGE,
                "body-too-large",
                "Request body too large",
                "The request body is larger than " + limit + " bytes.",
                Map.of("limit", limit));
    }

    public static ProblemDetail unauthenticated(String detail) {
        return problem(HttpStatus.UNAUTHORIZED, "unauthenticated", "Unauthenticated", detail, Map.of());
    }

    public static ProblemDetail forbidden(String detail) {
        return problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail, Map.of());
    }

    public static ProblemDetail notFound(String detail) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", detail, Map.of());
    }

    /** The thing existed and is gone for good: a retry will not bring it back. */
    public static ProblemDetail gone(String type, String title, String detail) {
        return problem(HttpStatus.GONE, type, title, detail, Map.of());
    }

    public static ProblemDetail conflict(String type, String title, String detail) {
        return conflict(type, title, detail, Map.of());
    }

    public static ProblemDetail conflict(String type, String title, String detail, Map<String, Object> members) {
        return problem(HttpStatus.CONFLICT, type, title, detail, members);
    }

    /** Refused for now because the same work is already under way; the caller may retry later. */
    public static ProblemDetail tooManyRequests(String type, String title, String detail) {
        return problem(HttpStatus.TOO_MANY_REQUESTS, type, title, detail, Map.of());
    }

    /** Well-formed, but asks for more than the rules allow; {@code members} say what is allowed. */
    public static ProblemDetail unprocessable(String type, String title, String detail, Map<String, Object> members) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, type, title, detail, members);
    }

    public static ProblemDetail idempotencyKeyReused(String detail) {
        return problem(
                HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused", "Idempotency key reused", detail, Map.of());
    }

    public static ProblemDetail upstreamRejected(int retCode, String upstreamMessage, String upstreamRequestId) {
        ProblemDetail problem = problem(
                HttpStatus.BAD_GATEWAY,
                "upstream-rejected",
                "Upstream rejected the request",
                "The upstream IAM API answered RetCode " + retCode + ".",
                Map.of());
        problem.setProperty("retCode", retCode);
        problem.setProperty("upstreamMessage", upstreamMessage);
        problem.setProperty("upstreamRequestId", upstreamRequestId);
        return problem;
    }

    public static ProblemDetail upstreamUnavailable(String detail) {
        return problem(
                HttpStatus.SERVICE_UNAVAILABLE, "upstream-unavailable", "Upstream unavailable", detail, Map.of());
    }

    public static ProblemDetail upstreamOutcomeUnknown(String detail, String upstreamRequestId) {
        ProblemDetail problem = problem(
                HttpStatus.GATEWAY_TIMEOUT, "upstream-outcome-unknown", "Upstream outcome unknown", detail, Map.of());
        problem.setProperty("upstreamRequestId", upstreamRequestId);
        return problem;
    }

    /** The identity provider's keys could not be fetched, so no JWT can be checked for now. */
    public static ProblemDetail identityProviderUnavailable(String detail) {
        return problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "identity-provider-unavailable",
                "Identity provider unavailable",
                detail,
                Map.of());
    }

    /** 503 of a kind of its own: keywarden refuses for now, for a reason the type names. */
    public static ProblemDetail unavailable(String type, String title, String detail) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, type, title, detail, Map.of());
    }

    public static ProblemDetail storageUnavailable(String detail) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "storage-unavailable", "Storage unavailable", detail, Map.of());
    }

    /** The answer carrying a problem, with {@code Retry-After} (whole seconds, at least 1) where given. */
    public static ResponseEntity<ProblemDetail> answer(ProblemDetail problem, Duration retryAfter) {
        HttpHeaders headers = new HttpHeaders();
        if (retryAfter != null) {
            headers.set(HttpHeaders.RETRY_AFTER, retryAfterSeconds(retryAfter));
        }
        return ResponseEntity.status(problem.getStatus()).headers(headers).body(problem);
    }

    public static ResponseEntity<ProblemDetail> answer(ProblemDetail problem) {
        return answer(problem, null);
    }

    /** {@code Retry-After} as keywarden writes it: whole seconds, at least one. */
    public static String retryAfterSeconds(Duration retryAfter) {
        return Long.toString(Math.max(1, retryAfter.toSeconds()));
    }

    /**
     * The type of a problem that was built without one (Spring MVC's own refusals, the container's,
     * a module's plain {@code ProblemDetail}): named by its status, so every problem keywarden
     * answers carries a {@code type} a caller can switch on. Kinds named above keep their own.
     */
    public static URI typeFor(int status) {
        return URI.create(TYPE_PREFIX + typeName(status));
    }

    /** Gives {@code problem} the type of its status when it has none (or only {@code about:blank}). */
    public static ProblemDetail typed(ProblemDetail problem) {
        if (problem.getType() == null || BLANK.equals(problem.getType())) {
            problem.setType(typeFor(problem.getStatus()));
        }
        return problem;
    }

    private static String typeName(int status) {
        switch (status) {
            case 400:
                return "invalid-request";
            case 401:
                return "unauthenticated";
            case 403:
                return "forbidden";
            case 404:
                return "not-found";
            case 413:
                return "body-too-large";
            case 500:
                return "internal-error";
            default:
                HttpStatus known = HttpStatus.resolve(status);
                return known == null
                        ? "http-" + status
                        : known.getReasonPhrase().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        }
    }

    private static ProblemDetail problem(
            HttpStatus status, String type, String title, String detail, Map<String, Object> members) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + type));
        problem.setTitle(title);
        members.forEach(problem::setProperty);
        return problem;
    }

    /** A search the database cancelled at its statement timeout. */
    public static ProblemDetail readTimedOut(String detail) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "read-timed-out", "Search took too long", detail, Map.of());
    }

    /** A search refused because as many as may run at once are running. */
    public static ProblemDetail tooManyReads(String detail) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "too-many-reads", "Too many searches", detail, Map.of());
    }
}
