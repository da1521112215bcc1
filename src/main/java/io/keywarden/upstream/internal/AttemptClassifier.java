package io.keywarden.upstream.internal;

import io.keywarden.upstream.UpstreamIamClient;
import io.keywarden.upstream.UpstreamOutcome;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import javax.net.ssl.SSLHandshakeException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decides what one exchange means for the caller, the rules being those of {@link UpstreamIamClient}.
 * The question it answers every time is whether the upstream may have acted: only when it surely
 * did not (nothing sent, or it said it was throttled or unavailable) is the outcome {@code
 * Unavailable}; when it may have, the outcome is {@code OutcomeUnknown}, never a guess.
 */
final class AttemptClassifier {

    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);
    private static final int UPSTREAM_TIMED_OUT = 110;
    private static final int SERVICE_UNAVAILABLE = 150;
    private static final int THROTTLED = 153;

    private final JsonMapper jsonMapper;
    private final Clock clock;

    AttemptClassifier(JsonMapper jsonMapper, Clock clock) {
        this.jsonMapper = jsonMapper;
        this.clock = clock;
    }

    Attempt answered(UpstreamAction action, int status, String retryAfter, String requestId, byte[] body) {
        if (status == 429 || status == 503) {
            return unavailable("HTTP " + status, retryAfter, requestId, status, null);
        }
        if ((status == 502 || status == 504) && action.safeToRepeat()) {
            return unavailable("HTTP " + status + " from a gateway", retryAfter, requestId, status, null);
        }
        if (status < 200 || status >= 300) {
            return unknown("HTTP " + status, requestId, status, null);
        }
        JsonNode envelope = parse(body);
        Long retCode = LenientJson.wholeNumber(LenientJson.field(envelope, "RetCode"));
        if (retCode == null || retCode != (int) (long) retCode) {
            return unknown("an answer without a readable RetCode", requestId, status, null);
        }
        int code = (int) (long) retCode;
        if (code == 0) {
            return new Attempt(new UpstreamOutcome.Success<>(envelope, requestId), status, code);
        }
        if (code == SERVICE_UNAVAILABLE || code == THROTTLED) {
            return unavailable("RetCode " + code, retryAfter, requestId, status, code);
        }
        if (code == UPSTREAM_TIMED_OUT) {
            return unknown("RetCode 110: the upstream timed out", requestId, status, code);
        }
        String message = LenientJson.text(LenientJson.field(envelope, "Message"));
        return new Attempt(new UpstreamOutcome.Rejected<>(code, message, requestId), status, code);
    }

    /**
     * A failure without an answer. {@code handedToTransport} is false when it happened before the
     * request reached the HTTP client; after that, only a failure to connect proves nothing was sent.
     */
    Attempt failed(Throwable failure, boolean handedToTransport, String requestId) {
        String kind = rootCause(failure).getClass().getSimpleName();
        if (!handedToTransport) {
            return unavailable("not sent (" + kind + ")", null, requestId, 0, null);
        }
        if (causedBy(failure, HttpConnectTimeoutException.class)) {
            return unavailable("connect timed out", null, requestId, 0, null);
        }
        if (causedBy(failure, ConnectException.class)
                || causedBy(failure, UnknownHostException.class)
                || causedBy(failure, UnresolvedAddressException.class)
                || causedBy(failure, NoRouteToHostException.class)
                || causedBy(failure, SSLHandshakeException.class)) {
            return unavailable("could not connect (" + kind + ")", null, requestId, 0, null);
        }
        if (causedBy(failure, HttpTimeoutException.class)) {
            return unknown("read timed out", requestId, 0, null);
        }
        return unknown("the connection failed after the request was sent (" + kind + ")", requestId, 0, null);
    }

    private JsonNode parse(byte[] body) {
        try {
            return body == null ? null : jsonMapper.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    private Attempt unavailable(String reason, String retryAfter, String requestId, int status, Integer code) {
        UpstreamOutcome<JsonNode> outcome =
                new UpstreamOutcome.Unavailable<>(reason, retryAfter(retryAfter), requestId);
        return new Attempt(outcome, status, code);
    }

    private static Attempt unknown(String reason, String requestId, int status, Integer code) {
        return new Attempt(new UpstreamOutcome.OutcomeUnknown<>(reason, requestId), status, code);
    }

    /** Retry-After in delay-seconds or as an HTTP date; the default when absent or unreadable. */
    private Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return DEFAULT_RETRY_AFTER;
        }
        try {
            long seconds = Long.parseLong(header.trim());
            return seconds < 0 ? DEFAULT_RETRY_AFTER : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration until = Duration.between(clock.instant(), at.toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notADate) {
                return DEFAULT_RETRY_AFTER;
            }
        }
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
