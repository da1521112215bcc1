package io.keywarden.web;

import io.keywarden.web.internal.ProblemHandler;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A failure the caller should see as an RFC 9457 problem: its status, a stable type, a detail
 * written for the caller, extension members, and for 503 a {@code Retry-After}. Features throw it
 * through {@link Problems}; {@link ProblemHandler} writes it.
 */
public class ProblemException extends RuntimeException {

    private final transient ProblemDetail problem;
    private final Duration retryAfter;

    ProblemException(
            HttpStatus status,
            String type,
            String title,
            String detail,
            Map<String, Object> members,
            Duration retryAfter) {
        super(title + ": " + detail, null, false, false);
        this.problem = ProblemDetail.forStatusAndDetail(status, detail);
        this.problem.setType(URI.create(Problems.TYPE_PREFIX + type));
        this.problem.setTitle(title);
        members.forEach(this.problem::setProperty);
        this.retryAfter = retryAfter;
    }

    public ProblemDetail problem() {
        return problem;
    }

    public HttpStatus status() {
        return HttpStatus.valueOf(problem.getStatus());
    }

    /** How long the caller should wait before trying again, or {@code null}. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
