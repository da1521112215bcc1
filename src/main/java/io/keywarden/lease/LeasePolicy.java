package io.keywarden.lease;

import io.keywarden.accesskey.AccessKeyQueries;
import io.keywarden.accesskey.AccessKeyView;
import io.keywarden.accesskey.LeaseBounds;
import io.keywarden.accesskey.LeaseTooLongException;
import io.keywarden.identity.ClientLeaseLimits;
import io.keywarden.lease.internal.LeaseProperties;
import io.keywarden.platform.web.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * How long a key lives, whoever acts on it. A requested ttl is checked against the maximum of
 * everyone concerned: the lower of {@code keywarden.leases.max-ttl} and the client's own
 * {@code max-ttl} for a new key; that of the key's creator and of the rotator for a successor,
 * which otherwise inherits its predecessor's lease length; that of the key's creator and of the
 * renewer for a renewal, which never moves expiry earlier. Without a ttl or an inherited lease, a
 * key gets {@code keywarden.leases.default-ttl}, or else its client's {@code max-ttl}, so a client
 * with a maximum never gets a key that lives for ever; without either it lives until rotated or
 * deleted. These are the {@link LeaseBounds} this policy gathers; the arithmetic that applies them
 * to a key is the key's own, in {@code accesskey}.
 */
@Service
public class LeasePolicy {

    static final String TTL = "ttl";

    private final LeaseProperties properties;
    private final ClientLeaseLimits clients;
    private final AccessKeyQueries keys;

    LeasePolicy(LeaseProperties properties, ClientLeaseLimits clients, AccessKeyQueries keys) {
        this.properties = properties;
        this.clients = clients;
        this.keys = keys;
    }

    /** The longest lease a key created by this client may have, or empty when nothing bounds it. */
    public Optional<Duration> maximum(String clientName) {
        return Optional.ofNullable(bounds(clientName, clientName).maximum());
    }

    /**
     * The lease a new key of this client gets, or {@code null} for none.
     *
     * @param requested the caller's ttl, or {@code null}
     * @throws InvalidInputException when the ttl is not positive
     * @throws LeaseTooLongException when it exceeds the client's maximum
     */
    public Duration grant(String clientName, Duration requested) {
        if (requested != null) {
            requirePositive(requested);
        }
        return bounds(clientName, clientName).grant(requested);
    }

    /**
     * The lease of the key that replaces {@code predecessor}, rotated by {@code rotator}: the ttl
     * asked for, else the predecessor's lease length (counted from the successor's creation),
     * bounded by the maximums of the predecessor's creator and of the rotator; {@code null} for none.
     *
     * @throws InvalidInputException when the ttl is not positive
     * @throws LeaseTooLongException when it exceeds either maximum
     */
    public Duration grantSuccessor(AccessKeyView predecessor, String rotator, Duration requested) {
        if (requested != null) {
            requirePositive(requested);
        }
        return keys.successorLease(predecessor.accessKeyId(), requested, bounds(predecessor.issuedBy(), rotator));
    }

    /**
     * What bounds a renewal of {@code key} by {@code renewer}: the maximum of its creator and of the
     * renewer, measured from its creation.
     */
    public LeaseBounds renewalBounds(AccessKeyView key, String renewer) {
        return bounds(key.issuedBy(), renewer);
    }

    /**
     * The lease of a key upstream reconciliation recovered after a loss of the database's commits,
     * whose issuing client (and so the ttl it asked for) is unknown: what a new key asking no ttl
     * gets from a client without a maximum of its own, {@code keywarden.leases.default-ttl} (never
     * over {@code keywarden.leases.max-ttl}), or {@code null} for none. The recovered key's lease is counted from its adoption, not from its upstream creation:
     * one counted from creation may have ended before keywarden knew of the key, and the expiry job
     * would revoke at once what its caller holds, with no {@code key.expiring} first.
     */
    public Duration recoveredLease() {
        return new LeaseBounds(properties.maxTtl(), null, properties.defaultTtl(), "for a recovered key").grant(null);
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

    /** The bounds of a key's creator and of the client acting on it now (the same client, for a new key). */
    private LeaseBounds bounds(String creator, String actor) {
        // A key recovered after a loss has no known creator: only the actor's maximum bounds it then.
        Optional<Duration> creatorMaximum = creator == null ? Optional.empty() : clients.maxTtl(creator);
        Optional<Duration> actorMaximum = clients.maxTtl(actor);
        Optional<Duration> global = Optional.ofNullable(properties.maxTtl());
        String whose = Objects.equals(creator, actor)
                ? "for this client"
                : "for this key (the lower of its creator's and this client's maximum)";
        return new LeaseBounds(
                lowest(global, creatorMaximum, actorMaximum),
                lowest(creatorMaximum, actorMaximum),
                properties.defaultTtl(),
                whose);
    }

    /** The lowest of the maximums given, or {@code null} when none is. */
    @SafeVarargs
    static Duration lowest(Optional<Duration>... maximums) {
        Duration lowest = null;
        for (Optional<Duration> maximum : maximums) {
            if (maximum.isPresent() && (lowest == null || maximum.get().compareTo(lowest) < 0)) {
                lowest = maximum.get();
            }
        }
        return lowest;
    }
}
