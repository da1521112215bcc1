package io.keywarden.sandbox;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Carries out a {@link SandboxAnswer} on a servlet response. The servlet API cannot close a
 * connection, so a dropped one is staged: headers promising more body than is ever written, a
 * flush, then an exception; the container must then close the connection and the client sees a
 * premature end of stream, as it would when a proxy dies mid-answer.
 */
final class ServletAnswerWriter {

    private static final int PROMISED_LENGTH = 1024;

    void write(SandboxAnswer answer, HttpServletResponse response) throws IOException {
        boolean waited = answer.awaitDelay();
        if (!waited || answer.kind() != SandboxAnswer.Kind.RESPOND) {
            drop(response);
        }
        response.setStatus(answer.status());
        answer.headers().forEach(response::setHeader);
        byte[] body = answer.bodyBytes();
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static void drop(HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/json");
        response.setContentLength(PROMISED_LENGTH);
        response.getOutputStream().write("{\"RetCode\": ".getBytes(StandardCharsets.UTF_8));
        response.flushBuffer();
        throw new ConnectionDropped();
    }

    /** Ends a request whose connection the sandbox drops on purpose; no stack trace, it is no bug. */
    static final class ConnectionDropped extends RuntimeException {

        ConnectionDropped() {
            super("sandbox fault: connection dropped on purpose", null, false, false);
        }
    }
}
