package io.keywarden.issuance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.issuance.IssuanceTestSupport;
import io.keywarden.jobs.internal.JobRunner;
import io.keywarden.jobs.internal.JobTrigger;
import io.keywarden.support.KeywardenTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@KeywardenTest
class IssuancePurgeTests extends IssuanceTestSupport {

    @Autowired
    JobRunner jobs;

    @Autowired
    IssuancePurgeJob purge;

    @Test
    void settledIssuancesPastTheirRetentionArePurgedButUnsettledOnesStay() {
        UUID expired = insert("SUCCEEDED", "now() - interval '1 minute'");
        UUID fresh = insert("SUCCEEDED", "now() + interval '1 hour'");
        UUID unsettled = insert("OUTCOME_UNKNOWN", "NULL");

        assertThat(jobs.run(purge, JobTrigger.MANUAL)).isPresent();

        assertThat(exists(expired)).isFalse();
        assertThat(exists(fresh)).isTrue();
        assertThat(exists(unsettled)).isTrue();
    }

    private UUID insert(String state, String expiresAt) {
        UUID id = UUID.randomUUID();
        jdbc.update(
                "INSERT INTO issuance (id, client_name, idempotency_key, request_fingerprint, kind, user_name, state,"
                        + " started_at, lease_until, expires_at) VALUES (?, 'purge-test', ?, ?, 'CREATE', ?, ?,"
                        + " now(), now() + interval '1 hour', " + expiresAt + ")",
                id,
                newIdempotencyKey(),
                "e".repeat(64),
                newUser(),
                state);
        return id;
    }

    private boolean exists(UUID id) {
        return jdbc.queryForObject("SELECT count(*) FROM issuance WHERE id = ?", Integer.class, id) == 1;
    }
}
