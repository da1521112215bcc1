package io.keywarden.accesskey;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The arithmetic of leases, and nothing else: no clock, configuration or database. What lease a
 * new key or a rotated key's successor gets, and where a renewal moves a key's expiry, given the
 * {@link LeaseBounds} of everyone concerned. The lease policy gathers those bounds; {@link
 * AccessKey} applies these rules to its own lease, so every rule about lengths and maximums lives
 * here and is tested as a table.
 */
final class LeaseTerms {

    private LeaseTerms() {}

    /**
     * Where a renewal leaves a key's lease.
     *
     * @param expiresAt the key's expiry after the renewal
     * @param extended whether it moved; {@code false}: the key already expired later than the
     *     renewal asked for, and keeps its expiry
     */
    record Renewal(Instant expiresAt, boolean extended) {}

    /**
     * The lease of a new key: the ttl asked for, within the maximum; else the lease inherited from
     * the key it replaces, cut to the maximum; else the default (or the clients' own maximum), cut
     * to the maximum; else none ({@code null}).
     *
     * @param requested the caller's ttl, or {@code null}
     * @param inherited the lease length of the key being replaced, or {@code null}
     * @throws LeaseTooLongException when the ttl exceeds the maximum
     */
    static Duration grant(Duration requested, Duration inherited, LeaseBounds bounds) {
        if (requested != null) {
            if (bounds.maximum() != null && requested.compareTo(bounds.maximum()) > 0) {
                throw new LeaseTooLongException(
                        "ttl " + requested + " exceeds the maximum of " + bounds.maximum() + " " + bounds.whose() + ".",
                        bounds.maximum(),
                        null);
            }
            return requested;
        }
        if (inherited != null) {
            return atMost(inherited, bounds.maximum());
        }
        Duration fallback = bounds.defaultTtl() != null ? bounds.defaultTtl() : bounds.clientMaximum();
        return fallback == null ? null : atMost(fallback, bounds.maximum());
    }

    /**
     * The length of a key's lease: the one it was granted, or, for a key leased by the upstream
     * alone, its span from creation to expiry; {@code null} for a key without a lease.
     */
    static Duration length(Duration granted, Instant createdAt, Instant expiresAt) {
        if (granted != null) {
            return granted;
        }
        return expiresAt == null ? null : Duration.between(createdAt, expiresAt);
    }

    /**
     * Renews a lease as Vault does: it now ends {@code requested} (default: the length it was
     * granted) after {@code now}, in whole seconds, never past {@code maximum} from creation, and
     * never earlier than it ends already.
     *
     * @throws LeaseTooLongException when the ttl asked for ends past the maximum, or, without a ttl,
     *     when the key is at its maximum already
     */
    static Renewal renew(
            Instant now,
            Instant createdAt,
            Instant expiresAt,
            Duration granted,
            Duration requested,
            LeaseBounds bounds) {
        Duration increment = requested != null ? requested : length(granted, createdAt, expiresAt);
        Instant wanted = now.plus(increment).truncatedTo(ChronoUnit.SECONDS);
        Duration maximum = bounds.maximum();
        if (maximum != null) {
            Instant latest = createdAt.plus(maximum);
            boolean tooLong = requested != null ? wanted.isAfter(latest) : !latest.isAfter(expiresAt);
            if (tooLong) {
                throw new LeaseTooLongException(
                        "The lease of this key may last at most " + maximum + " from its creation " + bounds.whose()
                                + ", until " + latest + ".",
                        maximum,
                        latest);
            }
            if (wanted.isAfter(latest)) {
                wanted = latest;
            }
        }
        return wanted.isAfter(expiresAt) ? new Renewal(wanted, true) : new Renewal(expiresAt, false);
    }

    private static Duration atMost(Duration lease, Duration maximum) {
        return maximum != null && maximum.compareTo(lease) < 0 ? maximum : lease;
    }
}
