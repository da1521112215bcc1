package io.keywarden.compat;

import io.keywarden.web.ProblemException;
import io.keywarden.web.Problems;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.ProblemDetail;

/**
 * The RetCodes of the compat API and the one place that turns a problem of the issuance protocol
 * into the upstream's envelope. Upstream rejections keep their RetCode and Message; keywarden's
 * own failures use the upstream's codes where one fits (230, 160, 161) and otherwise codes in
 * 9400 to 9599, where no documented or observed upstream code lies (gateway codes are below 300,
 * product errors start at 2000; the key limit's is 11105). The README's "Compat API" section
 * lists them.
 */
final class CompatRetCodes {

    static final int MISSING_ACTION = 160;
    static final int UNKNOWN_ACTION = 161;
    static final int INVALID_PARAMETER = 230;
    static final int NOT_ALLOWED = 9403;
    static final int IN_PROGRESS = 9409;
    static final int IDEMPOTENCY_KEY_REUSED = 9422;
    static final int OTHER_FAILURE = 9500;
    static final int UPSTREAM_ANSWERED_NO_KEY = 9502;
    static final int UPSTREAM_UNAVAILABLE = 9503;
    static final int OUTCOME_UNKNOWN = 9504;
    static final int STORAGE_UNAVAILABLE = 9507;

    private CompatRetCodes() {}

    static CompatEnvelope envelope(ProblemException ex) {
        ProblemDetail problem = ex.problem();
        Map<String, Object> members = problem.getProperties() == null ? Map.of() : problem.getProperties();
        String detail = problem.getDetail();
        return switch (type(problem.getType())) {
            case "invalid-request" -> invalidParameter(members.get(Problems.PARAMETER), detail);
            case "forbidden" -> CompatEnvelope.failure(NOT_ALLOWED, detail);
            case "request-in-progress", "orphan-ambiguous" -> CompatEnvelope.failure(IN_PROGRESS, detail);
            case "idempotency-key-reused" -> CompatEnvelope.failure(IDEMPOTENCY_KEY_REUSED, detail);
            case "upstream-rejected" -> upstreamRejected(members);
            case "upstream-unavailable" -> CompatEnvelope.failure(UPSTREAM_UNAVAILABLE, detail);
            case "upstream-outcome-unknown" -> CompatEnvelope.failure(OUTCOME_UNKNOWN, detail);
            case "storage-unavailable" -> CompatEnvelope.failure(STORAGE_UNAVAILABLE, detail);
            default -> CompatEnvelope.failure(OTHER_FAILURE, detail);
        };
    }

    static CompatEnvelope missingAction() {
        return CompatEnvelope.failure(MISSING_ACTION, "Missing Action");
    }

    static CompatEnvelope unknownAction(String action) {
        return CompatEnvelope.failure(UNKNOWN_ACTION, "Action [" + action + "] not found");
    }

    private static CompatEnvelope invalidParameter(Object parameter, String detail) {
        if (!(parameter instanceof String name) || name.isEmpty()) {
            return CompatEnvelope.failure(INVALID_PARAMETER, detail);
        }
        // The issuance rules name JSON fields (userName); the upstream's documents name UserName.
        String upstreamName = name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
        return CompatEnvelope.failure(INVALID_PARAMETER, "Params [" + upstreamName + "] not available");
    }

    private static CompatEnvelope upstreamRejected(Map<String, Object> members) {
        String message = members.get("upstreamMessage") instanceof String text ? text : "";
        if (!(members.get("retCode") instanceof Integer retCode) || retCode == 0) {
            // RetCode 0 without a key is no success: it must not read as one to the caller.
            return CompatEnvelope.failure(
                    UPSTREAM_ANSWERED_NO_KEY, "The upstream answered RetCode 0 without an access key.");
        }
        return CompatEnvelope.failure(retCode, message);
    }

    private static String type(URI type) {
        String path = type == null || type.getPath() == null ? "" : type.getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
