package io.keywarden.events;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the domain events ({@code keywarden.events}).
 *
 * @param expiringLeadTime how long before a key's lease ends {@code key.expiring} is raised
 *     (default three days)
 * @param completedRetention how long an event's record stays in the registry after every listener
 *     handled it (default seven days), for an operator to look back at
 * @param resubmitAfter how long an event may wait for a listener before the {@code event-resubmit}
 *     job hands it to that listener again (default one minute): a listener that failed, a Kafka
 *     send that did not go through, or a process killed between the commit and the listener
 */
@ConfigurationProperties("keywarden.events")
public record EventsProperties(
        @DefaultValue("P3D") Duration expiringLeadTime,
        @DefaultValue("P7D") Duration completedRetention,
        @DefaultValue("PT1M") Duration resubmitAfter) {

    public EventsProperties {
        if (expiringLeadTime == null || expiringLeadTime.isNegative() || expiringLeadTime.isZero()) {
            throw new IllegalArgumentException(
                    "keywarden.events.expiring-lead-time must be a positive duration, not " + expiringLeadTime);
        }
        if (completedRetention == null || completedRetention.isNegative()) {
            throw new IllegalArgumentException(
                    "keywarden.events.completed-retention must be a duration of zero or more, not "
                            + completedRetention);
        }
        if (resubmitAfter == null || resubmitAfter.isNegative() || resubmitAfter.isZero()) {
            throw new IllegalArgumentException(
                    "keywarden.events.resubmit-after must be a positive duration, not " + resubmitAfter);
        }
    }
}
