package io.keywarden.rotation;

import java.time.Duration;

/**
 * The optional body of {@code POST /v1/access-keys/{id}/rotate}.
 *
 * @param ttl the successor's lease (ISO-8601, such as {@code PT2H}); absent: the old key's lease
 *     length. Bounded by the maximum of the old key's creator and of the rotator
 */
record RotateRequest(Duration ttl) {}
