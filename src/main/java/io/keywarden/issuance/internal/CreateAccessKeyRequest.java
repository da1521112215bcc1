package io.keywarden.issuance.internal;

import java.time.Duration;

/**
 * The body of {@code POST /v1/access-keys}.
 *
 * @param userName the upstream user the key is for
 * @param description an optional remark, at most 255 characters
 * @param ttl an optional lease (ISO-8601, such as {@code PT2H}): the key is revoked when it ends
 */
record CreateAccessKeyRequest(String userName, String description, Duration ttl) {}
