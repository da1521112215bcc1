package io.keywarden.security.internal;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** The 401 and 403 problems of the security filter chain. */
final class SecurityProblems {

    private SecurityProblems() {}

    static ProblemDetail unauthenticated(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, detail);
        problem.setType(URI.create("https://keywarden.io/problems/unauthenticated"));
        problem.setTitle("Unauthenticated");
        return problem;
    }

    static ProblemDetail forbidden(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, detail);
        problem.setType(URI.create("https://keywarden.io/problems/forbidden"));
        problem.setTitle("Forbidden");
        return problem;
    }
}
