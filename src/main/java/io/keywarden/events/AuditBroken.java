package io.keywarden.events;

import java.time.Instant;
import java.util.Objects;

/**
 * {@code audit.broken}: a walk of the audit chain found it not intact (an event changed, a link
 * broken, events missing after a checkpoint). Raised by each walk that finds it so, until the
 * chain is repaired.
 *
 * @param timestamp when the walk found it
 * @param data what the walk found
 */
public record AuditBroken(Instant timestamp, Data data) {

    /** The type subscribers see. */
    public static final String TYPE = "audit.broken";

    public AuditBroken {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(data, "data");
    }

    /**
     * @param firstBrokenEventId the first event that does not verify; {@code null} when the chain
     *     was found shortened or contradicting its checkpoint rather than broken at an event
     * @param eventsChecked how many events the walk checked
     * @param reason what is wrong
     */
    public record Data(Long firstBrokenEventId, long eventsChecked, String reason) {}
}
