package io.keywarden.web;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** The problems keywarden answers with, one factory per kind, so every type is named once. */
public final class Problems {

    static final String TYPE_PREFIX = "https://keywarden.io/problems/";

    /** The problem member naming the input an invalid request got wrong. */
    public static final String PARAMETER = "parameter";

    private Problems() {}

    public static ProblemException invalidRequest(String detail) {
        return new ProblemException(
                HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail, Map.of(), null);
    }

    /**
     * An invalid request naming the one input at fault, as member {@code parameter} (spelled as the
     * API spells it: a field name or a header name), so a caller can act on it without parsing text.
     */
    public static ProblemException invalidParameter(String parameter, String detail) {
        return new ProblemException(
                HttpStatus.BAD_REQUEST,
                "invalid-request",
                "Invalid request",
                detail,
                Map.of(PARAMETER, parameter),
                null);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(HttpStatus.NOT_FOUND, "not-found", "Not found", detail, Map.of(), null);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail, Map.of(), null);
    }

    public static ProblemException conflict(String type, String title, String detail) {
        return conflict(type, title, detail, Map.of());
    }

    public static ProblemException conflict(String type, String title, String detail, Map<String, Object> members) {
        return new ProblemException(HttpStatus.CONFLICT, type, title, detail, members, null);
    }

    /** Refused for now because the same work is already under way; the caller may retry after {@code retryAfter}. */
    public static ProblemException tooManyRequests(String type, String title, String detail, Duration retryAfter) {
        return new ProblemException(HttpStatus.TOO_MANY_REQUESTS, type, title, detail, Map.of(), retryAfter);
    }

    public static ProblemException idempotencyKeyReused(String detail) {
        return new ProblemException(
                HttpStatus.UNPROCESSABLE_CONTENT,
                "idempotency-key-reused",
                "Idempotency key reused",
                detail,
                Map.of(),
                null);
    }

    public static ProblemException upstreamRejected(int retCode, String upstreamMessage, String upstreamRequestId) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("retCode", retCode);
        members.put("upstreamMessage", upstreamMessage);
        members.put("upstreamRequestId", upstreamRequestId);
        return new ProblemException(
                HttpStatus.BAD_GATEWAY,
                "upstream-rejected",
                "Upstream rejected the request",
                "The upstream IAM API answered RetCode " + retCode + ".",
                members,
                null);
    }

    public static ProblemException upstreamUnavailable(String detail, Duration retryAfter) {
        return new ProblemException(
                HttpStatus.SERVICE_UNAVAILABLE,
                "upstream-unavailable",
                "Upstream unavailable",
                detail,
                Map.of(),
                retryAfter);
    }

    public static ProblemException upstreamOutcomeUnknown(String detail, String upstreamRequestId) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("upstreamRequestId", upstreamRequestId);
        return new ProblemException(
                HttpStatus.GATEWAY_TIMEOUT,
                "upstream-outcome-unknown",
                "Upstream outcome unknown",
                detail,
                members,
                null);
    }

    public static ProblemException storageUnavailable(String detail) {
        return new ProblemException(
                HttpStatus.SERVICE_UNAVAILABLE,
                "storage-unavailable",
                "Storage unavailable",
                detail,
                Map.of(),
                Duration.ofSeconds(5));
    }

    /** A search the database cancelled at its statement timeout. */
    public static ProblemException readTimedOut(String detail) {
        return new ProblemException(
                HttpStatus.SERVICE_UNAVAILABLE,
                "read-timed-out",
                "Search took too long",
                detail,
                Map.of(),
                Duration.ofSeconds(5));
    }

    /** A search refused because as many as may run at once are running. */
    public static ProblemException tooManyReads(String detail) {
        return new ProblemException(
                HttpStatus.SERVICE_UNAVAILABLE,
                "too-many-reads",
                "Too many searches",
                detail,
                Map.of(),
                Duration.ofSeconds(1));
    }
}
