package io.keywarden.platform.web.internal;

import io.keywarden.platform.web.InvalidInputException;
import io.keywarden.platform.web.PrintableText;
import io.keywarden.platform.web.Problems;
import io.keywarden.platform.web.RejectedAttemptListener;
import io.keywarden.platform.web.RequestIdFilter;
import io.keywarden.platform.web.StorageUnavailableException;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every failure the modules leave to the edge into an RFC 9457 problem: Spring MVC's own
 * exceptions keep their 4xx status, an {@link InvalidInputException} is a 400 naming its
 * parameter, a lost database ({@link StorageUnavailableException} or a connection failure) a 503,
 * and anything unexpected a generic 500 whose detail says nothing but the request id, with the
 * exception logged under that id. It runs after every module's own handler, which answer their
 * domain exceptions. Each 4xx Spring MVC decides is reported to {@link RejectedAttemptListener}.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final String KEYS = "/v1/access-keys/";

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private final RejectedAttemptListener rejectedAttempts;

    ProblemHandler(RejectedAttemptListener rejectedAttempts) {
        this.rejectedAttempts = rejectedAttempts;
    }

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<ProblemDetail> handleInvalidInput(InvalidInputException ex) {
        return Problems.answer(Problems.invalidRequest(ex.parameter(), ex.getMessage()));
    }

    @ExceptionHandler(StorageUnavailableException.class)
    ResponseEntity<ProblemDetail> handleStorageUnavailable(StorageUnavailableException ex) {
        return Problems.answer(Problems.storageUnavailable(ex.getMessage()), Problems.STORAGE_RETRY_AFTER);
    }

    @ExceptionHandler({
        CannotCreateTransactionException.class,
        DataAccessResourceFailureException.class,
        TransientDataAccessException.class
    })
    ResponseEntity<ProblemDetail> handleStorageUnavailable(Exception ex, WebRequest request) {
        log.warn(
                "Database unavailable handling {}: {}",
                describe(request),
                ex.getClass().getSimpleName());
        return handleStorageUnavailable(
                new StorageUnavailableException("Keywarden's database is unavailable; retry later."));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> handleUnexpected(Exception ex, WebRequest request, HttpServletResponse response)
            throws Exception {
        if (response.isCommitted()) {
            // Nothing can be added to an answer already under way: let the container abort the connection.
            throw ex;
        }
        if (StorageFailures.isUnavailable(ex)) {
            return handleStorageUnavailable(ex, request);
        }
        String requestId = MDC.get(RequestIdFilter.REQUEST_ID);
        log.error("Unexpected failure handling {} (request id {})", describe(request), requestId, ex);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.INTERNAL_SERVER_ERROR, "An unexpected error occurred. Quote request id " + requestId + ".");
        problem.setTitle("Internal error");
        return ResponseEntity.internalServerError().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = JsonErrors.problem(ex);
        rejectedAttempts.rejected(request, problem);
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /** Names the content type to send, which the default detail leaves to the {@code Accept-Post} header. */
    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(
            HttpMediaTypeNotSupportedException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String sent = ex.getContentType() == null
                ? "No Content-Type"
                : "Content-Type '" + PrintableText.of(ex.getContentType().toString(), 100) + "'";
        String wanted = ex.getSupportedMediaTypes().stream()
                .filter(type -> !type.isWildcardType() && !type.isWildcardSubtype())
                .map(type -> "Content-Type: " + type)
                .distinct()
                .collect(Collectors.joining(" or "));
        ex.getBody().setDetail(sent + " is not accepted here" + (wanted.isEmpty() ? "." : "; send " + wanted + "."));
        return super.handleHttpMediaTypeNotSupported(ex, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(
            HttpRequestMethodNotSupportedException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Set<HttpMethod> allowed = ex.getSupportedHttpMethods();
        if (allowed != null && !allowed.isEmpty()) {
            List<String> names = allowed.stream().map(HttpMethod::name).sorted().toList();
            String choice = names.size() == 1
                    ? names.get(0)
                    : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
            ex.getBody()
                    .setDetail("Method '" + PrintableText.of(ex.getMethod(), 20) + "' is not allowed here; use "
                            + choice + " (see Allow).");
        }
        return super.handleHttpRequestMethodNotSupported(ex, headers, status, request);
    }

    /**
     * A path no route serves, answered without echoing it. Below the keys it is most often an id
     * holding a raw '/', which splits the path: the detail says how to send one.
     */
    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(
            NoResourceFoundException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String path = request instanceof ServletWebRequest servlet
                ? servlet.getRequest().getServletPath()
                : "";
        String detail = path.startsWith(KEYS)
                ? "No route serves this path. An access key id goes in one path segment, percent-encoded:"
                        + " '/' as %2F and '%' as %25 (encodeURIComponent, UriUtils.encodePathSegment,"
                        + " or the Location of the 201 that created it)."
                : "No route serves this path.";
        ex.getBody().setDetail(detail);
        return super.handleNoResourceFoundException(ex, headers, status, request);
    }

    /** A query or path parameter of the wrong form: named, with the form it must take, never echoed. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String name =
                ex instanceof MethodArgumentTypeMismatchException argument ? argument.getName() : ex.getPropertyName();
        String parameter = name == null ? null : PrintableText.of(name, 64);
        String expected = JsonErrors.expected(ex.getRequiredType());
        String detail = (parameter == null ? "A parameter" : "Parameter '" + parameter + "'")
                + (expected == null ? " has the wrong form." : " must be " + expected + ".");
        return handleExceptionInternal(
                ex, Problems.invalidRequest(parameter, detail), headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        if (statusCode.is4xxClientError() && !(ex instanceof HttpMessageNotReadableException)) {
            ProblemDetail problem = body instanceof ProblemDetail given
                    ? given
                    : ex instanceof ErrorResponse error
                            ? error.getBody()
                            : ProblemDetail.forStatusAndDetail(
                                    statusCode, ex.getClass().getSimpleName());
            rejectedAttempts.rejected(request, problem);
        }
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }

    private static String describe(WebRequest request) {
        if (request instanceof ServletWebRequest servlet) {
            return servlet.getRequest().getMethod() + " " + servlet.getRequest().getRequestURI();
        }
        return "a request";
    }
}
