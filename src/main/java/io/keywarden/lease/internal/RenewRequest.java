package io.keywarden.lease.internal;

import java.time.Duration;

/**
 * The optional body of {@code POST /v1/access-keys/{id}/renew}.
 *
 * @param ttl the new lease from now (ISO-8601, such as {@code PT2H}); absent: the length the key
 *     was granted at creation. One ending before the key's present expiry leaves it unchanged
 */
record RenewRequest(Duration ttl) {}
