package io.keywarden.lease;

import io.keywarden.accesskey.KeyLease;
import io.keywarden.accesskey.LeaseTooLongException;
import io.keywarden.lease.internal.LeaseProperties;
import io.keywarden.security.ClientLeaseLimits;
import io.keywarden.web.InvalidInputException;
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
 * deleted. The arithmetic is {@link LeaseTerms}'.
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
        return LeaseTerms.grant(requested, null, bounds(clientName, clientName));
    }

    /**
     * The lease of the key that replaces {@code predecessor}, rotated by {@code rotator}: the ttl
     * asked for, else the predecessor's lease length (counted from the successor's creation),
     * bounded by the maximums of the predecessor's creator and of the rotator; {@code null} for none.
     *
     * @throws InvalidInputException when the ttl is not positive
     * @throws LeaseTooLongException when it exceeds either maximum
     */
    public Duration grantSuccessor(KeyLease predecessor, String rotator, Duration requested) {
        if (requested != null) {
            requirePositive(requested);
        }
        Duration inherited = LeaseTerms.length(predecessor.lease(), predecessor.createdAt(), predecessor.expiresAt());
        return LeaseTerms.grant(requested, inherited, bounds(predecessor.issuedBy(), rotator));
    }

    /**
     * Where renewing {@code key} by {@code renewer} at {@code now} leaves its expiry: {@code
     * requested} (default: the lease it was granted) from now, never past the maximum of its
     * creator or of the renewer from its creation, and never earlier than it is.
     *
     * @throws LeaseTooLongException when the ttl ends past that maximum, or, without a ttl, when
     *     the key is there already
     */
    public Renewal renewal(KeyLease key, String renewer, Duration requested, Instant now) {
        LeaseTerms.Renewal renewal = LeaseTerms.renew(
                now, key.createdAt(), key.expiresAt(), key.lease(), requested, bounds(key.issuedBy(), renewer));
        return new Renewal(renewal.expiresAt(), renewal.extended());
    }

    /**
     * Where a renewal left a key's lease.
     *
     * @param extended {@code false} when the key already expired later than asked and keeps its expiry
     */
    public record Renewal(Instant expiresAt, boolean extended) {}

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
    private LeaseTerms.Bounds bounds(String creator, String actor) {
        Optional<Duration> creatorMaximum = clients.maxTtl(creator);
        Optional<Duration> actorMaximum = clients.maxTtl(actor);
        Optional<Duration> global = Optional.ofNullable(properties.maxTtl());
        String whose = Objects.equals(creator, actor)
                ? "for this client"
                : "for this key (the lower of its creator's and this client's maximum)";
        return new LeaseTerms.Bounds(
                LeaseTerms.lowest(global, creatorMaximum, actorMaximum),
                LeaseTerms.lowest(creatorMaximum, actorMaximum),
                properties.defaultTtl(),
                whose);
    }
}
