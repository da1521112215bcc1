package io.keywarden.rotation;

import java.time.Duration;

/**
 * The optional body of {@code POST /v1/access-keys/{id}/rotate}.
 *
 * @param ttl the successor's lease (ISO-8601, such as {@code PT2H}), bounded as on create
 */
record RotateRequest(Duration ttl) {}
