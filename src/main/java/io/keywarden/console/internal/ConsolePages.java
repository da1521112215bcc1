package io.keywarden.console.internal;

import io.keywarden.accesskey.AccessKeyNotFoundException;
import io.keywarden.identity.Caller;
import io.keywarden.platform.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.NoSuchElementException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.ModelAndView;

/**
 * What every console page shares: the signed-in person, and failures as a page of the console
 * ({@link ConsoleFailures}) that says what the API's problem says, never a stack trace or a problem
 * document. The handlers are the controllers' own, so they come before the modules' advice, which
 * answers the API in JSON; the problem itself is the advice's, so a new exception of a module
 * needs nothing here. Only what the console says otherwise than the API is decided here: a key the
 * person may not see is "not found" when they look at it, as in the API, but a refusal (403) when
 * they try to act on it, so neither says whether it exists.
 */
abstract class ConsolePages {

    final ConsoleCallers callers;

    private ConsoleFailures failures;

    ConsolePages(ConsoleCallers callers) {
        this.callers = callers;
    }

    @Autowired
    void setFailures(ConsoleFailures failures) {
        this.failures = failures;
    }

    @ModelAttribute("me")
    Me me(HttpServletRequest request) {
        Caller caller = callers.of(request);
        return Me.of(caller, caller.context().displayName());
    }

    @ExceptionHandler(AccessKeyNotFoundException.class)
    ModelAndView keyNotFound(
            AccessKeyNotFoundException ex,
            HttpServletRequest request,
            HttpServletResponse response,
            HandlerMethod handler) {
        if (ConsoleReturn.isRead(request)) {
            return failures.page(ex, request, response, handler);
        }
        return failures.page(
                Problems.forbidden("You may not act on this key: it is unknown, or outside"
                        + " the users you manage. Nothing was changed."),
                request,
                response,
                handler);
    }

    /** A job, or another named thing of the console, that does not exist. */
    @ExceptionHandler(NoSuchElementException.class)
    ModelAndView notFound(
            NoSuchElementException ex,
            HttpServletRequest request,
            HttpServletResponse response,
            HandlerMethod handler) {
        return failures.page(Problems.notFound(ex.getMessage()), request, response, handler);
    }

    /** A sign-in that names no keywarden caller, or a role check of a service. */
    @ExceptionHandler(AccessDeniedException.class)
    ModelAndView denied(HttpServletRequest request, HttpServletResponse response, HandlerMethod handler) {
        return failures.page(
                Problems.forbidden("Your roles or scope do not allow this. Nothing was changed."),
                request,
                response,
                handler);
    }

    /** Every other failure: the problem the API answers for it, as a page. */
    @ExceptionHandler(Exception.class)
    ModelAndView failed(Exception ex, HttpServletRequest request, HttpServletResponse response, HandlerMethod handler) {
        return failures.page(ex, request, response, handler);
    }
}
