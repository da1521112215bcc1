package io.keywarden.issuance.internal;

/**
 * The body of {@code POST /v1/access-keys}.
 *
 * @param userName the upstream user the key is for
 * @param description an optional remark, at most 255 characters
 */
record CreateAccessKeyRequest(String userName, String description) {}
