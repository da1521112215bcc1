package io.keywarden.web;

import org.springframework.http.ProblemDetail;
import org.springframework.web.context.request.WebRequest;

/**
 * Told of every request answered with a 4xx problem, so that a feature which audits attempts
 * (creating and rotating keys) can record the invalid and denied ones too.
 */
public interface RejectedAttemptListener {

    void rejected(WebRequest request, ProblemDetail problem);
}
