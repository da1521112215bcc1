package io.keywarden.audit.internal;

import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditEntry;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.audit.AuditedAccess;
import io.keywarden.identity.Caller;
import io.keywarden.platform.web.Headers;
import io.keywarden.platform.web.PrintableText;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The audit entry of a request refused on an audited route, the same whoever refused it: security
 * by role ({@link AuditedDenial}), Spring MVC as sent ({@link RejectedRequestAudit}) or the module
 * the handler called ({@link RefusalAudit}). It names the caller in the context of its request,
 * the action, the key the route was for and the caller's idempotency key, each as printable text
 * of bounded length.
 */
final class RefusedRequests {

    /** The longest idempotency key any route accepts; a longer one is kept cut, marked {@code ...}. */
    private static final int MAX_KEY_ID = 128;

    private RefusedRequests() {}

    /**
     * @param keyId the key the route was for, or {@code null} for a route on no key
     * @param idempotencyKey the idempotency key as the caller sent it, or {@code null}
     */
    static AuditEntry entry(
            Caller caller, AuditAction action, AuditOutcome outcome, String keyId, String idempotencyKey) {
        return AuditEntry.of(caller, action, outcome)
                .key(PrintableText.of(keyId, MAX_KEY_ID))
                .idempotencyKey(PrintableText.of(idempotencyKey, Headers.IDEMPOTENCY_KEY_MAX_LENGTH));
    }

    /** The key the request was for, as the matched route captured it; {@code null} for none. */
    static String routeKey(HttpServletRequest request) {
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables
                && variables.get(AuditedAccess.KEY_VARIABLE) instanceof String key) {
            return key;
        }
        return null;
    }

    /**
     * The caller's idempotency key: the {@code Idempotency-Key} header, or, for a route that takes
     * it from a form, the form parameter of that name.
     *
     * @param formParameter the form parameter holding it, or empty or {@code null} for the header
     */
    static String idempotencyKey(HttpServletRequest request, String formParameter) {
        return formParameter == null || formParameter.isEmpty()
                ? request.getHeader(Headers.IDEMPOTENCY_KEY)
                : request.getParameter(formParameter);
    }
}
