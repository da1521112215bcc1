package io.keywarden.console.internal;

import io.keywarden.accesskey.AccessKeyDeletedException;
import io.keywarden.accesskey.AccessKeyNotFoundException;
import io.keywarden.accesskey.KeyNotRenewableException;
import io.keywarden.accesskey.KeyNotRotatableException;
import io.keywarden.accesskey.LeaseTooLongException;
import io.keywarden.identity.Caller;
import io.keywarden.identity.ScopeDeniedException;
import io.keywarden.issuance.AwaitingOperatorException;
import io.keywarden.issuance.IdempotencyKeyReusedException;
import io.keywarden.issuance.KeyLimitReachedException;
import io.keywarden.issuance.OrphanReportNotOpenException;
import io.keywarden.issuance.OrphanResolutionInProgressException;
import io.keywarden.issuance.ReconciliationDeferredException;
import io.keywarden.issuance.RequestInProgressException;
import io.keywarden.platform.reads.ReadTimedOutException;
import io.keywarden.platform.reads.TooManyReadsException;
import io.keywarden.platform.web.InvalidInputException;
import io.keywarden.platform.web.RequestIdFilter;
import io.keywarden.platform.web.StorageUnavailableException;
import io.keywarden.revocation.RevocationNotFoundException;
import io.keywarden.upstream.UpstreamFailure;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.ui.Model;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * What every console page shares: the signed-in person, and errors as a readable page in words
 * (never a stack trace or a problem document). The handlers are the controllers' own, so they come
 * before the modules' advice, which answers the API in JSON. A key the person may not see is "not
 * found" when they look at it, as in the API, and a refusal (403) when they try to act on it, so
 * neither says whether it exists.
 */
abstract class ConsolePages {

    private static final Logger log = LoggerFactory.getLogger(ConsolePages.class);

    final ConsoleCallers callers;

    ConsolePages(ConsoleCallers callers) {
        this.callers = callers;
    }

    @ModelAttribute("me")
    Me me(HttpServletRequest request) {
        Caller caller = callers.of(request);
        return Me.of(caller, caller.context().displayName());
    }

    @ExceptionHandler({
        InvalidInputException.class,
        MissingServletRequestParameterException.class,
        MethodArgumentTypeMismatchException.class
    })
    String invalid(Exception ex, HttpServletResponse response, Model model) {
        String message =
                ex instanceof InvalidInputException ? ex.getMessage() : "The form was incomplete or malformed.";
        return page(response, model, HttpStatus.BAD_REQUEST, message);
    }

    @ExceptionHandler({AccessKeyNotFoundException.class, NoSuchElementException.class})
    String notFound(HttpServletRequest request, HttpServletResponse response, Model model) {
        if ("POST".equals(request.getMethod())) {
            return page(
                    response,
                    model,
                    HttpStatus.FORBIDDEN,
                    "You may not act on this key: it is unknown, or outside"
                            + " the users you manage. Nothing was changed.");
        }
        return page(response, model, HttpStatus.NOT_FOUND, "There is no such key or job among those you may see.");
    }

    @ExceptionHandler({ScopeDeniedException.class, AccessDeniedException.class})
    String denied(HttpServletResponse response, Model model) {
        return page(
                response, model, HttpStatus.FORBIDDEN, "Your roles or scope do not allow this. Nothing was changed.");
    }

    @ExceptionHandler({
        AccessKeyDeletedException.class,
        KeyNotRotatableException.class,
        RequestInProgressException.class,
        IdempotencyKeyReusedException.class,
        AwaitingOperatorException.class
    })
    String conflict(RuntimeException ex, HttpServletResponse response, Model model) {
        return page(response, model, HttpStatus.CONFLICT, ex.getMessage());
    }

    /** What the API's problem says, as a page: the limit, what frees a slot, and links to the user's live keys. */
    @ExceptionHandler(KeyLimitReachedException.class)
    String keyLimitReached(KeyLimitReachedException ex, HttpServletResponse response, Model model) {
        model.addAttribute("title", "Key limit reached");
        model.addAttribute(
                "liveKeys",
                ex.liveKeys().stream()
                        .map(key -> new LiveKey(key.accessKeyId(), key.status().name(), KeyPaths.of(key.accessKeyId())))
                        .toList());
        return page(response, model, HttpStatus.CONFLICT, ex.getMessage());
    }

    @ExceptionHandler(UpstreamFailure.class)
    String upstream(UpstreamFailure ex, HttpServletResponse response, Model model) {
        HttpStatus status = switch (ex.kind()) {
            case REJECTED, SUCCESS -> HttpStatus.BAD_GATEWAY;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case OUTCOME_UNKNOWN -> HttpStatus.GATEWAY_TIMEOUT;
        };
        return page(response, model, status, ex.getMessage());
    }

    @ExceptionHandler({
        StorageUnavailableException.class,
        TooManyReadsException.class,
        ReadTimedOutException.class,
        ReconciliationDeferredException.class
    })
    String unavailable(RuntimeException ex, HttpServletResponse response, Model model) {
        return page(response, model, HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
    }

    /** The lease, orphan and revocation actions' own refusals, in the words of the API's problems. */
    @ExceptionHandler({KeyNotRenewableException.class, OrphanResolutionInProgressException.class})
    String notNow(RuntimeException ex, HttpServletResponse response, Model model) {
        return page(response, model, HttpStatus.CONFLICT, ex.getMessage());
    }

    @ExceptionHandler(LeaseTooLongException.class)
    String leaseTooLong(LeaseTooLongException ex, HttpServletResponse response, Model model) {
        return page(response, model, HttpStatus.UNPROCESSABLE_CONTENT, ex.getMessage());
    }

    @ExceptionHandler({OrphanReportNotOpenException.class, RevocationNotFoundException.class})
    String gone(RuntimeException ex, HttpServletResponse response, Model model) {
        return page(response, model, HttpStatus.NOT_FOUND, ex.getMessage());
    }

    @ExceptionHandler(RuntimeException.class)
    String unexpected(RuntimeException ex, HttpServletResponse response, Model model) {
        String requestId = MDC.get(RequestIdFilter.REQUEST_ID);
        log.error("Console request failed unexpectedly ({})", ex.getClass().getSimpleName(), ex);
        return page(
                response,
                model,
                HttpStatus.INTERNAL_SERVER_ERROR,
                "Something went wrong on keywarden's side. Quote request id " + requestId + " to an operator.");
    }

    private static String page(HttpServletResponse response, Model model, HttpStatus status, String message) {
        response.setStatus(status.value());
        model.addAttribute("status", status.value());
        model.addAttribute("reason", status.getReasonPhrase());
        model.addAttribute("message", message);
        return "console/failure";
    }

    /** A live key of the user a refusal is about, linked to its page. */
    record LiveKey(String accessKeyId, String status, String path) {}
}
