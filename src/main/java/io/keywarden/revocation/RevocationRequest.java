package io.keywarden.revocation;

/**
 * The body of {@code POST /admin/v1/revocations}, and what the console's form asks for.
 *
 * @param filter which keys
 * @param reason why, audited with every key revoked
 * @param dryRun true (the default): only count and sample the keys the filter matches
 */
public record RevocationRequest(RevocationFilter filter, String reason, Boolean dryRun) {}
