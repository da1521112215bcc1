package io.keywarden.issuance;

import io.keywarden.security.Caller;

/**
 * A validated request to issue a key.
 *
 * @param caller who asks
 * @param idempotencyKey the caller's key for safe retries, or {@code null} where that is optional
 * @param kind create or rotate
 * @param userName the upstream user the key is for
 * @param description the caller's remark, or {@code null}
 * @param rotatedFrom the key being replaced, for a rotation
 */
public record IssueRequest(
        Caller caller,
        String idempotencyKey,
        IssuanceKind kind,
        String userName,
        String description,
        String rotatedFrom) {}
