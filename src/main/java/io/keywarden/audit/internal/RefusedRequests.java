package io.keywarden.audit.internal;

import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditEntry;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.security.Caller;
import io.keywarden.web.Headers;
import io.keywarden.web.PrintableText;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The audit entry of a request refused on an audited route, the same whether security refused it
 * by role ({@link AuditedDenial}) or Spring MVC refused it as sent ({@link RejectedRequestAudit}):
 * the caller in the context of its request, the action, the key the route was for and the
 * caller's idempotency key, each as printable text of bounded length.
 */
final class RefusedRequests {

    private static final int MAX_IDEMPOTENCY_KEY = 255;
    private static final int MAX_KEY_ID = 128;

    private RefusedRequests() {}

    /** @param keyId the key the route was for, or {@code null} for a route on no key */
    static AuditEntry entry(
            Caller caller, AuditAction action, AuditOutcome outcome, String keyId, HttpServletRequest request) {
        return AuditEntry.of(caller, action, outcome)
                .key(PrintableText.of(keyId, MAX_KEY_ID))
                .idempotencyKey(PrintableText.of(request.getHeader(Headers.IDEMPOTENCY_KEY), MAX_IDEMPOTENCY_KEY));
    }
}
