package io.keywarden.revocation;

/**
 * The body of {@code POST /admin/v1/revocations}.
 *
 * @param filter which keys
 * @param reason why, audited with every key revoked
 * @param dryRun true (the default): only count and sample the keys the filter matches
 */
record RevocationRequest(RevocationFilter filter, String reason, Boolean dryRun) {}
