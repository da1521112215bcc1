package io.keywarden.audit.internal;

import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditedAttempt;
import io.keywarden.audit.DatabaseBehindFindings;
import io.keywarden.identity.Caller;
import io.keywarden.platform.web.ApiTags;
import io.keywarden.platform.web.OperatorReason;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's answer to a database found behind its signed audit checkpoint (ADMIN, like every
 * {@code /admin} path not opened to auditors): once they have checked what was lost, one call
 * records it in the audit chain, with their reason, and issuance resumes. The console's page calls
 * the same {@link DatabaseBehindFindings}.
 */
@RestController
@Tag(name = ApiTags.AUDIT)
class AuditLossController {

    private final DatabaseBehindFindings findings;

    AuditLossController(DatabaseBehindFindings findings) {
        this.findings = findings;
    }

    @Operation(
            summary = "Acknowledge that the database is behind its signed audit checkpoint (ADMIN)",
            description = "Body {\"reason\": \"...\"}: the operator's reason or ticket (required, at most "
                    + OperatorReason.MAX_LENGTH + " characters of printable text). Audited"
                    + " ACKNOWLEDGE_AUDIT_LOSS with the lost range and both heads; creates, rotations and"
                    + " renewals are accepted again, and the next checkpoint continues the signed chain. 409 when"
                    + " there is nothing to acknowledge.")
    @PostMapping("/admin/v1/audit-checkpoints/loss-acknowledgements")
    @AuditedAttempt(AuditAction.ACKNOWLEDGE_AUDIT_LOSS)
    DatabaseBehindFindings.Acknowledged acknowledge(
            @AuthenticationPrincipal Caller caller, @RequestBody(required = false) AcknowledgementRequest body) {
        return findings.acknowledge(caller, body == null ? null : body.reason());
    }

    record AcknowledgementRequest(String reason) {}
}
