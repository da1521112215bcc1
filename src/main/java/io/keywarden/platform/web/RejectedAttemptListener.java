package io.keywarden.platform.web;

import org.springframework.http.ProblemDetail;
import org.springframework.web.context.request.WebRequest;

/**
 * Told of every request that Spring MVC itself refuses with a 4xx problem (an unreadable body, a
 * missing or malformed parameter, a method the route does not take), and of every body over the
 * limit ({@link OversizedBodyRefusal}), so that the module auditing attempts can record those too.
 * A refusal a module decides is a {@link Refusal}, which that module audits from the exception
 * itself, and never reaches this listener.
 */
public interface RejectedAttemptListener {

    void rejected(WebRequest request, ProblemDetail problem);
}
