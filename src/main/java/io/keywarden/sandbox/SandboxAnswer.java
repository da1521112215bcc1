package io.keywarden.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an adapter must do with one request: wait {@code delay}, then answer with the status,
 * headers and body, or close the connection without an HTTP answer. Keeping the waiting and the
 * socket work in the adapters leaves the core free of servers, threads and sleeps.
 *
 * @param kind answer, drop the connection at once, or hold the request and then drop it
 * @param delay how long to wait before acting
 * @param status the HTTP status of an answer
 * @param headers the headers of an answer
 * @param body the body of an answer
 */
public record SandboxAnswer(Kind kind, Duration delay, int status, Map<String, String> headers, String body) {

    /** The three ways a request can end. */
    public enum Kind {
        RESPOND,
        DROP_CONNECTION,
        NO_ANSWER
    }

    public SandboxAnswer {
        headers = Map.copyOf(headers);
    }

    static SandboxAnswer json(String body, String requestId) {
        return new SandboxAnswer(
                Kind.RESPOND,
                Duration.ZERO,
                200,
                Map.of("Content-Type", "application/json", SandboxUpstream.REQUEST_ID_HEADER, requestId),
                body);
    }

    static SandboxAnswer text(int status, String body, Duration retryAfter) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/plain; charset=utf-8");
        if (retryAfter != null) {
            headers.put("Retry-After", Long.toString(retryAfter.toSeconds()));
        }
        return new SandboxAnswer(Kind.RESPOND, Duration.ZERO, status, headers, body);
    }

    static SandboxAnswer dropConnection() {
        return new SandboxAnswer(Kind.DROP_CONNECTION, Duration.ZERO, 0, Map.of(), "");
    }

    static SandboxAnswer noAnswer(Duration hold) {
        return new SandboxAnswer(Kind.NO_ANSWER, hold, 0, Map.of(), "");
    }

    SandboxAnswer delayedBy(Duration extra) {
        return new SandboxAnswer(kind, delay.plus(extra), status, headers, body);
    }

    /** The body as the bytes to send. */
    public byte[] bodyBytes() {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    /** The upstream request id of this answer, or {@code null} where the gateway did not answer. */
    public String requestId() {
        return headers.get(SandboxUpstream.REQUEST_ID_HEADER);
    }

    /** Waits out the delay; false when interrupted by a shutdown, and the request is then dropped. */
    boolean awaitDelay() {
        try {
            Thread.sleep(delay.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
