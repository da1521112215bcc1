package io.keywarden.platform.web.internal;

import io.keywarden.platform.web.Problems;
import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Tomcat's last word on a request nothing else answered: one it refused before any of keywarden
 * ran (an invalid percent-encoding, a malformed request line, headers over the limit). Callers
 * parse problem details everywhere else, so this is one too, with a generic title and detail: no
 * stack, no server version, and nothing of the refused input echoed back.
 */
public final class ProblemErrorReportValve extends ErrorReportValve {

    public ProblemErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Cache-Control", "no-store");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(problem(status));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException ex) {
            // The connection is gone or the answer already under way: there is no one left to tell.
        }
    }

    private static String problem(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        boolean refused = status < 500 || status == HttpStatus.HTTP_VERSION_NOT_SUPPORTED.value();
        String detail = refused
                ? "The server refused the request as sent (its URL, encoding, protocol or headers)."
                : "An unexpected error occurred.";
        return "{\"type\":\"" + Problems.typeFor(status) + "\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"}";
    }
}
