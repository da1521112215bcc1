package io.keywarden.platform.web.internal;

import io.keywarden.platform.web.ProblemWriter;
import io.keywarden.platform.web.Problems;
import io.keywarden.platform.web.RequestIdFilter;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The container's error page, {@code /error}: where a request ends that was refused or failed
 * outside Spring MVC's handlers (a {@code TRACE}, an exception thrown by a filter, a {@code
 * sendError}). It answers a problem like every other refusal, in place of Spring Boot's own JSON:
 * a generic detail that echoes nothing of the request, and for a failure the request id to quote.
 */
@Hidden
@Controller
class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    private final ProblemWriter problems;

    ProblemErrorController(ProblemWriter problems) {
        this.problems = problems;
    }

    @RequestMapping("/error")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer given && given >= 400 ? given : HttpStatus.NOT_FOUND.value();
        HttpStatus known = HttpStatus.resolve(status);
        String requestId = response.getHeader(RequestIdFilter.HEADER);
        if (status >= 500) {
            log.error(
                    "Unexpected failure handling {} {} (request id {})",
                    request.getMethod(),
                    request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI),
                    requestId,
                    request.getAttribute(RequestDispatcher.ERROR_EXCEPTION));
        }
        String detail = status < 500
                ? "The request was refused as sent (its method, URL or headers)."
                : "An unexpected error occurred. Quote request id " + requestId + ".";
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), detail);
        problem.setTitle(known == null ? "Error" : known.getReasonPhrase());
        problems.write(response, Problems.typed(problem));
    }
}
