package io.keywarden.accesskey;

import java.time.Duration;

/**
 * What bounds a key's lease, as the lease policy gathers it from the configuration and the
 * clients concerned: the lowest maximum of everyone concerned (the global {@code leases.max-ttl}
 * and each client's own {@code max-ttl}), the lowest of the clients' own maximums alone (a client
 * with one gets expiring keys even when it asks for none), and the default lease. The arithmetic
 * that applies them is this module's, beside the key whose lease it is.
 *
 * @param maximum the longest lease allowed, measured from creation; {@code null}: unbounded
 * @param clientMaximum the lowest {@code max-ttl} of the clients concerned, or {@code null}
 * @param defaultTtl {@code leases.default-ttl}, or {@code null}
 * @param whose who the maximum belongs to, as a refusal names it
 */
public record LeaseBounds(Duration maximum, Duration clientMaximum, Duration defaultTtl, String whose) {

    /**
     * The lease of a new key that replaces none: the ttl asked for, within the maximum; else the
     * default (or the clients' own maximum), cut to the maximum; else none ({@code null}).
     *
     * @param requested the caller's ttl, or {@code null}
     * @throws LeaseTooLongException when the ttl exceeds the maximum
     */
    public Duration grant(Duration requested) {
        return LeaseTerms.grant(requested, null, this);
    }
}
