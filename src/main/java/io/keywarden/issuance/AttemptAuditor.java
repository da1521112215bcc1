package io.keywarden.issuance;

import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditEntry;
import io.keywarden.audit.AuditLog;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.security.Caller;
import io.keywarden.security.CurrentCaller;
import io.keywarden.web.RejectedAttemptListener;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;

/**
 * Audits the create and rotate attempts that end before the protocol starts: invalid input,
 * a reused idempotency key, a request still in progress, a caller out of its scope or role.
 * Attempts of unauthenticated callers are not audited (there is nobody to name).
 */
@Component
class AttemptAuditor implements RejectedAttemptListener {

    static final String USER_NAME = AttemptAuditor.class.getName() + ".userName";
    static final String ACCESS_KEY_ID = AttemptAuditor.class.getName() + ".accessKeyId";

    private static final Logger log = LoggerFactory.getLogger(AttemptAuditor.class);

    private final AuditLog audit;
    private final TransactionTemplate transactions;

    AttemptAuditor(AuditLog audit, TransactionTemplate transactions) {
        this.audit = audit;
        this.transactions = transactions;
    }

    @Override
    public void rejected(WebRequest request, ProblemDetail problem) {
        if (!(request instanceof NativeWebRequest nativeRequest)
                || !(nativeRequest.getNativeRequest() instanceof HttpServletRequest http)) {
            return;
        }
        Optional<AuditAction> action = action(http);
        Optional<Caller> caller = CurrentCaller.get();
        if (action.isEmpty() || caller.isEmpty()) {
            return;
        }
        AuditEntry entry = AuditEntry.of(caller.get().name(), action.get(), outcome(problem))
                .user((String) http.getAttribute(USER_NAME))
                .key((String) http.getAttribute(ACCESS_KEY_ID))
                .idempotencyKey(printable(http.getHeader(IssuanceController.IDEMPOTENCY_KEY)))
                .detail(problem.getStatus() + " " + problem.getDetail());
        try {
            transactions.executeWithoutResult(tx -> audit.append(entry));
        } catch (RuntimeException ex) {
            log.warn(
                    "Could not audit a rejected {} attempt: {}",
                    action.get(),
                    ex.getClass().getSimpleName());
        }
    }

    private static Optional<AuditAction> action(HttpServletRequest http) {
        String path = http.getRequestURI();
        if (path.equals("/v1/compat")) {
            // The upstream's protocol creates keys by GET as well as by POST.
            return Optional.of(AuditAction.CREATE_ACCESS_KEY);
        }
        if (!HttpMethod.POST.matches(http.getMethod())) {
            return Optional.empty();
        }
        if (path.equals("/v1/access-keys")) {
            return Optional.of(AuditAction.CREATE_ACCESS_KEY);
        }
        if (path.startsWith("/v1/access-keys/") && path.endsWith("/rotate")) {
            return Optional.of(AuditAction.ROTATE_ACCESS_KEY);
        }
        return Optional.empty();
    }

    private static AuditOutcome outcome(ProblemDetail problem) {
        if (problem.getStatus() == HttpStatus.FORBIDDEN.value()) {
            return AuditOutcome.DENIED;
        }
        if (problem.getType() != null && problem.getType().toString().endsWith("/request-in-progress")) {
            return AuditOutcome.IN_PROGRESS;
        }
        if (problem.getType() != null && problem.getType().toString().endsWith("/" + KeyIssuer.AWAITING_OPERATOR)) {
            return AuditOutcome.ORPHAN_AMBIGUOUS;
        }
        return AuditOutcome.INVALID;
    }

    private static String printable(String value) {
        if (value == null) {
            return null;
        }
        String cleaned = value.replaceAll("[^\\x20-\\x7e]", "?");
        return cleaned.length() > 255 ? cleaned.substring(0, 255) : cleaned;
    }
}
