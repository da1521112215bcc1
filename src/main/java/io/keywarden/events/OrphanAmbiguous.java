package io.keywarden.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * {@code orphan.ambiguous}: a create or rotate whose outcome was lost left keys upstream that could
 * not be attributed to it; none was revoked and an operator decides. Published in the transaction
 * that parks the attempt for the operator.
 *
 * @param timestamp when the attempt was parked
 * @param data the attempt and the keys in question
 */
public record OrphanAmbiguous(Instant timestamp, Data data) {

    /** The type subscribers see. */
    public static final String TYPE = "orphan.ambiguous";

    public OrphanAmbiguous {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(data, "data");
    }

    /**
     * @param issuanceId the lost attempt, as the operator's resolution names it
     * @param userName the upstream user whose keys are in question
     * @param candidates the ids of the user's unrecorded keys that could be the attempt's
     * @param reason why no key could be attributed
     */
    public record Data(UUID issuanceId, String userName, List<String> candidates, String reason) {

        public Data {
            Objects.requireNonNull(issuanceId, "issuanceId");
            Objects.requireNonNull(userName, "userName");
            candidates = List.copyOf(candidates);
        }
    }
}
