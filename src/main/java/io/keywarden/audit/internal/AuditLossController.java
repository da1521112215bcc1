package io.keywarden.audit.internal;

import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditedAttempt;
import io.keywarden.identity.Caller;
import io.keywarden.platform.web.ApiTags;
import io.keywarden.platform.web.InvalidInputException;
import io.keywarden.platform.web.OperatorReason;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's answer to a database found behind its signed audit checkpoint (ADMIN, like every
 * {@code /admin} path not opened to auditors): once they have checked what was lost, one call
 * records it in the audit chain, with their reason, and issuance resumes. The checkpoint that
 * continues the sink's chain past the lost branch is signed at once; should that fail, the
 * checkpoint job signs it next time, and the acknowledgement stands.
 */
@RestController
@Tag(name = ApiTags.AUDIT)
class AuditLossController {

    private static final Logger log = LoggerFactory.getLogger(AuditLossController.class);

    private final AuditLosses losses;
    private final AuditCheckpoints checkpoints;

    AuditLossController(AuditLosses losses, AuditCheckpoints checkpoints) {
        this.losses = losses;
        this.checkpoints = checkpoints;
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
    Acknowledged acknowledge(
            @AuthenticationPrincipal Caller caller, @RequestBody(required = false) AcknowledgementRequest body) {
        String reason = OperatorReason.optional(body == null ? null : body.reason());
        if (reason == null) {
            throw new InvalidInputException(
                    OperatorReason.PARAMETER, "Say in \"reason\" what was checked, or name the ticket.");
        }
        AuditLosses.Loss loss = losses.acknowledge(caller, reason);
        Long continuedBy = null;
        try {
            continuedBy = checkpoints.checkpoint().map(Checkpoint::sequence).orElse(null);
        } catch (RuntimeException ex) {
            log.warn("No checkpoint after the acknowledgement yet: {}", ex.getMessage());
        }
        DatabaseBehind finding = loss.finding();
        return new Acknowledged(
                finding.message(),
                finding.checkpointSequence(),
                finding.eventsLost(),
                finding.agreedEventId(),
                finding.partedByEventId(),
                finding.databaseHeadEventId(),
                losses.acknowledgementEvent(loss.id()),
                continuedBy);
    }

    record AcknowledgementRequest(String reason) {}

    /**
     * @param finding what was acknowledged
     * @param checkpoint the signed checkpoint the database was behind
     * @param eventsLost the signed events the database lacks, at least
     * @param agreedEventId the newest event both histories share, as far as checkpoints tell (0: none known)
     * @param partedByEventId the first event missing or different in the database
     * @param databaseHeadEventId the database's head when the loss was found
     * @param acknowledgementEventId the audit event that records the acknowledgement
     * @param continuedByCheckpoint the checkpoint that continued the signed chain, when it was signed at once
     */
    record Acknowledged(
            String finding,
            long checkpoint,
            long eventsLost,
            long agreedEventId,
            long partedByEventId,
            long databaseHeadEventId,
            Long acknowledgementEventId,
            Long continuedByCheckpoint) {}
}
