package io.keywarden.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.method.ControllerAdviceBean;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.annotation.ExceptionHandlerMethodResolver;
import org.springframework.web.method.support.InvocableHandlerMethod;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.handler.HandlerExceptionResolverComposite;
import org.springframework.web.servlet.mvc.method.annotation.ExceptionHandlerExceptionResolver;

/**
 * The problem the API answers for an exception, for a surface that shows it otherwise (the
 * console's pages): the modules' own {@code @RestControllerAdvice} handlers are asked, in their
 * order, exactly as Spring MVC asks them for an API request, so there is one mapping from a
 * failure to its status, title, detail and members, and a module's new exception needs nothing
 * more to be shown anywhere. What the handler does besides answering happens here too: the edge's
 * handler logs an unexpected failure with the request id and reports a 4xx that Spring MVC itself
 * decided to the audit of rejected attempts.
 */
@Component
public class ApiProblems {

    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

    private final ObjectProvider<HandlerExceptionResolver> resolvers;
    private volatile ExceptionHandlerExceptionResolver advice;

    ApiProblems(ObjectProvider<HandlerExceptionResolver> resolvers) {
        this.resolvers = resolvers;
    }

    /**
     * The API's answer to {@code failure}, raised while handling {@code request} by {@code handler}
     * (the handler method, or {@code null} when the request found none): its problem, typed, and
     * the headers it carries ({@code Retry-After}, {@code Allow}). A failure no handler answers, or
     * whose handler fails, is the generic 500, logged here with the request id.
     */
    public Answer answer(Exception failure, HttpServletRequest request, HttpServletResponse response, Object handler) {
        HandlerMethod handlerMethod = handler instanceof HandlerMethod method ? method : null;
        Class<?> handlerType = handlerMethod == null ? null : handlerMethod.getBeanType();
        ServletWebRequest webRequest = new ServletWebRequest(request, response);
        for (Map.Entry<ControllerAdviceBean, ExceptionHandlerMethodResolver> entry :
                advice().getExceptionHandlerAdviceCache().entrySet()) {
            if (!entry.getKey().isApplicableToBeanType(handlerType)) {
                continue;
            }
            Method method = entry.getValue().resolveMethod(failure);
            if (method == null) {
                continue;
            }
            InvocableHandlerMethod invocable =
                    new InvocableHandlerMethod(entry.getKey().resolveBean(), method);
            invocable.setHandlerMethodArgumentResolvers(advice().getArgumentResolvers());
            try {
                Object answer =
                        invocable.invokeForRequest(webRequest, new ModelAndViewContainer(), provided(failure, handler));
                Answer problem = problemOf(answer);
                if (problem != null) {
                    return problem;
                }
            } catch (Exception handlerFailed) {
                log.error(
                        "The problem handler for {} failed (request id {})",
                        failure.getClass().getSimpleName(),
                        MDC.get(RequestIdFilter.REQUEST_ID),
                        handlerFailed);
            }
            break;
        }
        return unexpected(failure);
    }

    /** What Spring MVC hands an exception handler: the exception, each of its causes, and the handler. */
    private static Object[] provided(Exception failure, Object handler) {
        List<Object> provided = new ArrayList<>();
        Throwable exposed = failure;
        while (exposed != null) {
            provided.add(exposed);
            Throwable cause = exposed.getCause();
            exposed = cause != exposed ? cause : null;
        }
        if (handler != null) {
            provided.add(handler);
        }
        return provided.toArray();
    }

    private static Answer problemOf(Object answer) {
        if (answer instanceof ResponseEntity<?> entity && entity.getBody() instanceof ProblemDetail problem) {
            return new Answer(Problems.typed(problem), entity.getHeaders());
        }
        if (answer instanceof ProblemDetail problem) {
            return new Answer(Problems.typed(problem), HttpHeaders.EMPTY);
        }
        if (answer instanceof ErrorResponse error) {
            return new Answer(Problems.typed(error.getBody()), error.getHeaders());
        }
        return null;
    }

    private static Answer unexpected(Exception failure) {
        String requestId = MDC.get(RequestIdFilter.REQUEST_ID);
        log.error("Unexpected failure, answered by no problem handler (request id {})", requestId, failure);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.INTERNAL_SERVER_ERROR, "An unexpected error occurred. Quote request id " + requestId + ".");
        problem.setTitle("Internal error");
        return new Answer(Problems.typed(problem), HttpHeaders.EMPTY);
    }

    /** Spring MVC's own resolver of {@code @ExceptionHandler} methods, whose advice it has already found and ordered. */
    private ExceptionHandlerExceptionResolver advice() {
        ExceptionHandlerExceptionResolver found = advice;
        if (found == null) {
            found = resolvers
                    .orderedStream()
                    .flatMap(resolver -> resolver instanceof HandlerExceptionResolverComposite composite
                            ? composite.getExceptionResolvers().stream()
                            : Stream.of(resolver))
                    .filter(ExceptionHandlerExceptionResolver.class::isInstance)
                    .map(ExceptionHandlerExceptionResolver.class::cast)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("Spring MVC resolves no @ExceptionHandler"));
            advice = found;
        }
        return found;
    }

    /**
     * A problem as the API answers it.
     *
     * @param headers what the answer carries besides the problem, such as {@code Retry-After}
     */
    public record Answer(ProblemDetail problem, HttpHeaders headers) {}
}
