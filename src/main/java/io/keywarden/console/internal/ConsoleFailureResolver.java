package io.keywarden.console.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Failures of console requests that no console page handled, as console pages too: a path no page
 * serves (404), a method the page does not take (405), and whatever else fails before a page's
 * handler was chosen. A page's own failures are its handlers' ({@link ConsolePages}); everything
 * outside {@code /console} is the API's. Runs after the audit of refusals and before Spring MVC's
 * resolvers, which would answer with the API's JSON.
 */
@Component
class ConsoleFailureResolver implements HandlerExceptionResolver, Ordered {

    private final ConsoleFailures failures;

    ConsoleFailureResolver(ConsoleFailures failures) {
        this.failures = failures;
    }

    @Override
    public ModelAndView resolveException(
            HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        if (!isConsole(request) || isConsolePage(handler) || response.isCommitted()) {
            return null;
        }
        return failures.page(ex, request, response, handler);
    }

    private static boolean isConsole(HttpServletRequest request) {
        String path = request.getRequestURI();
        return path.equals("/console") || path.startsWith("/console/");
    }

    private static boolean isConsolePage(Object handler) {
        return handler instanceof HandlerMethod method && ConsolePages.class.isAssignableFrom(method.getBeanType());
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 2;
    }
}
