package io.keywarden.audit.internal;

import io.keywarden.audit.SignedHistoryCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** {@link SignedHistoryCheck} by way of a checkpoint, the one place the log meets the sink. */
@Component
class CheckpointHistoryCheck implements SignedHistoryCheck {

    private static final Logger log = LoggerFactory.getLogger(CheckpointHistoryCheck.class);

    private final AuditCheckpoints checkpoints;
    private final AuditLosses losses;

    CheckpointHistoryCheck(AuditCheckpoints checkpoints, AuditLosses losses) {
        this.checkpoints = checkpoints;
        this.losses = losses;
    }

    @Override
    public void requireNotBehind() {
        try {
            checkpoints.checkpoint();
        } catch (AuditCheckpoints.DatabaseBehindRefusedException found) {
            // Recorded as a finding by the checkpoint; requireNone below answers it.
        } catch (RuntimeException unreadable) {
            log.warn("Could not compare the audit log with the signed checkpoints: {}", unreadable.toString());
        }
        losses.requireNone();
    }
}
