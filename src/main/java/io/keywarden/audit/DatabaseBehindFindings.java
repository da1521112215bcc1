package io.keywarden.audit;

import io.keywarden.identity.Caller;
import java.time.Instant;
import java.util.Optional;

/**
 * The finding that the database is behind a checkpoint keywarden signed, as an operator reads and
 * answers it: the API's acknowledgement route and the console's page both call this, so both check
 * the reason alike, audit alike and sign the continuing checkpoint alike.
 */
public interface DatabaseBehindFindings {

    /** The finding from its discovery until the signed chain continued past it, read from the database now. */
    Optional<Finding> standing();

    /**
     * Acknowledges the standing finding with the operator's reason (required): audited {@code
     * ACKNOWLEDGE_AUDIT_LOSS}; creates, rotations and renewals are accepted again at once, and the
     * checkpoint that continues the signed chain is signed at once when it can be.
     *
     * @throws io.keywarden.platform.web.InvalidInputException when the reason is missing or unprintable
     */
    Acknowledged acknowledge(Caller caller, String reason);

    /**
     * A finding as recorded.
     *
     * @param message the finding in words
     * @param checkpoint the signed checkpoint the database is behind
     * @param eventsLost the signed events the database lacks, at least
     * @param agreedEventId the newest event both histories hold, as far as checkpoints tell (0: none known)
     * @param partedByEventId the first event missing or different in the database
     * @param databaseHeadEventId the database's head when the loss was found
     * @param foundAt when it was found
     * @param acknowledgedAt when an operator acknowledged it; {@code null} until then
     * @param acknowledgedBy who did; {@code null} until then
     */
    record Finding(
            String message,
            long checkpoint,
            long eventsLost,
            long agreedEventId,
            long partedByEventId,
            long databaseHeadEventId,
            Instant foundAt,
            Instant acknowledgedAt,
            String acknowledgedBy) {

        /** Whether an operator acknowledged it: until then creates, rotations and renewals are halted. */
        public boolean acknowledged() {
            return acknowledgedAt != null;
        }
    }

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
