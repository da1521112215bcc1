package io.keywarden.events;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the domain events ({@code keywarden.events}).
 *
 * @param expiringLeadTime how long before a key's lease ends {@code key.expiring} is raised
 *     (default three days)
 */
@ConfigurationProperties("keywarden.events")
public record EventsProperties(@DefaultValue("P3D") Duration expiringLeadTime) {

    public EventsProperties {
        if (expiringLeadTime == null || expiringLeadTime.isNegative() || expiringLeadTime.isZero()) {
            throw new IllegalArgumentException(
                    "keywarden.events.expiring-lead-time must be a positive duration, not " + expiringLeadTime);
        }
    }
}
