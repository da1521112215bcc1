package io.keywarden.identity;

import java.time.Duration;
import java.util.Optional;

/**
 * The longest lease each configured client may give the keys it creates
 * ({@code keywarden.identity.clients[].max-ttl}), looked up by the client's name, so the lease rules can
 * bound a key by whoever created it, also when another caller renews it later.
 */
public interface ClientLeaseLimits {

    /** The client's own maximum ttl, or empty when it has none (or is not a configured client). */
    Optional<Duration> maxTtl(String clientName);
}
