package io.keywarden.audit.internal;

import io.keywarden.audit.DatabaseBehindFindings;
import io.keywarden.identity.Caller;
import io.keywarden.platform.web.InvalidInputException;
import io.keywarden.platform.web.OperatorReason;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The one way an operator acknowledges a loss, whether by the API or the console: the reason is
 * required, the acknowledgement is audited with the finding, and the checkpoint that continues the
 * sink's chain past the lost branch is signed at once; should that fail, the checkpoint job signs
 * it next time, and the acknowledgement stands.
 */
@Component
class AuditLossAcknowledgements implements DatabaseBehindFindings {

    private static final Logger log = LoggerFactory.getLogger(AuditLossAcknowledgements.class);

    private final AuditLosses losses;
    private final AuditCheckpoints checkpoints;

    AuditLossAcknowledgements(AuditLosses losses, AuditCheckpoints checkpoints) {
        this.losses = losses;
        this.checkpoints = checkpoints;
    }

    @Override
    public Optional<Finding> standing() {
        return losses.current().map(loss -> {
            DatabaseBehind finding = loss.finding();
            return new Finding(
                    finding.message(),
                    finding.checkpointSequence(),
                    finding.eventsLost(),
                    finding.agreedEventId(),
                    finding.partedByEventId(),
                    finding.databaseHeadEventId(),
                    loss.foundAt(),
                    loss.acknowledgedAt(),
                    loss.acknowledgedBy());
        });
    }

    @Override
    public Acknowledged acknowledge(Caller caller, String reason) {
        String checked = OperatorReason.optional(reason);
        if (checked == null) {
            throw new InvalidInputException(
                    OperatorReason.PARAMETER, "Say in \"reason\" what was checked, or name the ticket.");
        }
        AuditLosses.Loss loss = losses.acknowledge(caller, checked);
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
}
