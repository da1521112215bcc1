package io.keywarden.issuance;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A lost attempt whose keys upstream could not be attributed to it, as an operator sees it: nothing
 * was revoked, and the attempt's retries are refused until an operator decides.
 *
 * @param issuanceId the attempt, as the resolution's path names it
 * @param userName the upstream user whose keys are in question
 * @param kind {@code CREATE} or {@code ROTATE}
 * @param client the client whose request was lost
 * @param idempotencyKey that request's idempotency key, if it had one
 * @param startedAt when the attempt began, just before its request was sent
 * @param windowFrom the start of the attempt's window, clock-skew allowance included
 * @param windowTo the end of the attempt's window, clock-skew allowance included
 * @param reason why no key could be attributed
 * @param reportedAt when the reconciler reported it
 * @param candidates the unrecorded keys of the user created since the window opened
 */
public record AmbiguousOrphan(
        UUID issuanceId,
        String userName,
        String kind,
        String client,
        String idempotencyKey,
        Instant startedAt,
        Instant windowFrom,
        Instant windowTo,
        String reason,
        Instant reportedAt,
        List<Candidate> candidates) {

    /**
     * @param accessKeyId the key's id upstream
     * @param createdAt when the upstream says it was created (whole seconds)
     * @param insideWindow whether that lies inside the attempt's window
     */
    public record Candidate(String accessKeyId, Instant createdAt, boolean insideWindow) {}

    /** Whether the key is one of this report's candidates. */
    public boolean hasCandidate(String accessKeyId) {
        return candidates.stream().anyMatch(candidate -> candidate.accessKeyId().equals(accessKeyId));
    }
}
