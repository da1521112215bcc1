package io.keywarden.platform.web.internal;

import io.keywarden.platform.web.Problems;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Every problem Spring MVC writes, whoever built it (its own refusals: 404, 405, 406, 415, a
 * missing parameter; a module's handler; the sandbox), leaves with a {@code type}: the one it was
 * given, or the one {@link Problems#typeFor} names for its status. {@code ProblemWriter} and the
 * container's error valve apply the same rule to the problems written outside Spring MVC.
 */
@ControllerAdvice
class ProblemTypes implements ResponseBodyAdvice<Object> {

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(
            Object body,
            MethodParameter returnType,
            MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType,
            ServerHttpRequest request,
            ServerHttpResponse response) {
        return body instanceof ProblemDetail problem ? Problems.typed(problem) : body;
    }
}
