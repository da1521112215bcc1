package io.keywarden.lease;

import io.keywarden.lease.internal.LeaseProperties;
import io.keywarden.security.ClientLeaseLimits;
import io.keywarden.web.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.stereotype.Service;

/**
 * How long a new key lives. A requested ttl is checked against the caller's maximum (the lower
 * of {@code keywarden.leases.max-ttl} and the client's own {@code max-ttl}); without one, the key
 * gets {@code keywarden.leases.default-ttl}, or else its client's {@code max-ttl}, so a client with
 * a maximum never gets a key that lives for ever; without either it lives until rotated or
 * deleted, as before leases existed.
 */
@Service
public class LeasePolicy {

    static final String TTL = "ttl";

    private final LeaseProperties properties;
    private final ClientLeaseLimits clients;

    LeasePolicy(LeaseProperties properties, ClientLeaseLimits clients) {
        this.properties = properties;
        this.clients = clients;
    }

    /** The longest lease a key created by this client may have, or empty when nothing bounds it. */
    public Optional<Duration> maximum(String clientName) {
        return Stream.of(Optional.ofNullable(properties.maxTtl()), clients.maxTtl(clientName))
                .flatMap(Optional::stream)
                .min(Duration::compareTo);
    }

    /**
     * The lease a new key of this client gets, or {@code null} for none.
     *
     * @param requested the caller's ttl, or {@code null}
     * @throws InvalidInputException when the ttl is not positive
     * @throws LeaseTooLongException when it exceeds the client's maximum
     */
    public Duration grant(String clientName, Duration requested) {
        Optional<Duration> maximum = maximum(clientName);
        if (requested != null) {
            requirePositive(requested);
            if (maximum.isPresent() && requested.compareTo(maximum.get()) > 0) {
                throw new LeaseTooLongException(
                        "ttl " + requested + " exceeds the maximum of " + maximum.get() + " for this client.",
                        maximum.get(),
                        null);
            }
            return requested;
        }
        Duration fallback = properties.defaultTtl() != null
                ? properties.defaultTtl()
                : clients.maxTtl(clientName).orElse(null);
        if (fallback == null) {
            return null;
        }
        return maximum.filter(max -> max.compareTo(fallback) < 0).orElse(fallback);
    }

    /** When a key created at {@code createdAt} with this lease expires: {@code null} for no lease. */
    public static Instant expiry(Instant createdAt, Duration lease) {
        return lease == null ? null : createdAt.plus(lease);
    }

    /** Refuses a ttl that is zero or negative: a lease that ended before it began. */
    public static void requirePositive(Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new InvalidInputException(TTL, "ttl must be a positive duration, such as PT2H.");
        }
    }
}
