package io.keywarden.lease.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Lease bounds ({@code keywarden.leases}). Unset, keys live until rotated or deleted unless a
 * client's own {@code max-ttl} says otherwise.
 *
 * @param defaultTtl the lease of a key created without a ttl; unset: none
 * @param maxTtl the longest lease any key may have, measured from its creation (renewals
 *     included); unset: no global bound
 */
@Validated
@ConfigurationProperties("keywarden.leases")
public record LeaseProperties(Duration defaultTtl, Duration maxTtl) {

    public LeaseProperties {
        requirePositive("keywarden.leases.default-ttl", defaultTtl);
        requirePositive("keywarden.leases.max-ttl", maxTtl);
        if (defaultTtl != null && maxTtl != null && defaultTtl.compareTo(maxTtl) > 0) {
            throw new IllegalArgumentException("keywarden.leases.default-ttl (" + defaultTtl
                    + ") is longer than keywarden.leases.max-ttl (" + maxTtl + ")");
        }
    }

    private static void requirePositive(String property, Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw new IllegalArgumentException(property + " must be a positive duration, not " + value);
        }
    }
}
