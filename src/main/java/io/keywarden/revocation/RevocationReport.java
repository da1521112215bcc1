package io.keywarden.revocation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A bulk revocation as {@code GET /admin/v1/revocations/{id}} shows it.
 *
 * @param id the revocation
 * @param state RUNNING, DONE or FAILED
 * @param reason the operator's reason
 * @param requestedBy the operator
 * @param filter the filter as given
 * @param matched keys the filter matched when the revocation started
 * @param revoked keys it revoked
 * @param skipped keys gone already when their turn came
 * @param failed keys it gave up on
 * @param pending keys still to do (some perhaps waiting to be retried)
 * @param failures the keys that failed, given up or waiting for a retry, each with its reason
 * @param createdAt when it started
 * @param finishedAt when nothing was left to do, or {@code null}
 */
public record RevocationReport(
        UUID id,
        RevocationState state,
        String reason,
        String requestedBy,
        RevocationFilter filter,
        int matched,
        int revoked,
        int skipped,
        int failed,
        int pending,
        List<Failure> failures,
        Instant createdAt,
        Instant finishedAt) {

    /**
     * One key that failed.
     *
     * @param accessKeyId the key
     * @param userName its user
     * @param reason why its last attempt failed
     * @param attempts how many attempts failed
     * @param gaveUp true when no further attempt will be made
     */
    public record Failure(String accessKeyId, String userName, String reason, int attempts, boolean gaveUp) {}
}
