package io.keywarden.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.jobs.internal.JobRunReport;
import io.keywarden.jobs.internal.JobRunner;
import io.keywarden.jobs.internal.JobTrigger;
import io.keywarden.sandbox.SandboxKey;
import io.keywarden.support.Api;
import io.keywarden.support.ApplicationTestBase;
import io.keywarden.support.KeywardenTest;
import io.keywarden.upstream.UpstreamAccessKey;
import io.keywarden.upstream.UpstreamIamClient;
import io.keywarden.upstream.UpstreamKeyStatus;
import io.keywarden.upstream.UpstreamOutcome;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Drift between keywarden's records and the sandbox upstream, found and handled by one run of the
 * application's job: a key's status changed by hand, a key deleted by hand (whose slot under the
 * key limit it frees only once reconciled), a key keywarden never issued (whose slot only the
 * upstream's refusal reveals), and stale intents settled first. What a run audits, and in which
 * order it goes, is the module's own test, {@link UpstreamReconciliationJobTests}.
 */
@KeywardenTest
class UpstreamReconciliationTests extends ApplicationTestBase {

    @Autowired
    UpstreamIamClient upstream;

    @Autowired
    JobRunner jobs;

    @Autowired
    UpstreamReconciliationJob reconciliation;

    String user;
    String key;

    @BeforeEach
    void createKey() {
        user = newUser();
        key = api.createKey(Api.ISSUER, "recon-" + UUID.randomUUID(), user).text("accessKeyId");
    }

    @Test
    void aKeyDisabledAndEnabledUpstreamByHandTakesThatStatus() {
        upstream.updateAccessKeyStatus(key, UpstreamKeyStatus.INACTIVE);
        run();
        assertThat(status(key)).isEqualTo("INACTIVE");

        upstream.updateAccessKeyStatus(key, UpstreamKeyStatus.ACTIVE);
        run();
        assertThat(status(key)).isEqualTo("ACTIVE");
        assertThat(audit()).containsSubsequence("RECONCILE_USER DRIFT_DETECTED", "RECONCILE_USER DRIFT_DETECTED");
    }

    @Test
    void aKeyDeletedUpstreamByHandHoldsItsSlotInKeywardensCountUntilReconciled() {
        String second = api.createKey(Api.ISSUER, newIdempotencyKey(), user).text("accessKeyId");
        upstream.deleteAccessKey(key);

        Api.Answer beforeRun = api.createKey(Api.ISSUER, newIdempotencyKey(), user);
        run();
        Api.Answer afterRun = api.createKey(Api.ISSUER, newIdempotencyKey(), user);

        assertThat(beforeRun.status()).isEqualTo(409);
        assertThat(beforeRun.json().get("liveKeys").findValuesAsString("accessKeyId"))
                .containsExactly(key, second);
        assertThat(status(key)).isEqualTo("DELETED");
        assertThat(afterRun.status()).as(afterRun.toString()).isEqualTo(201);
        assertThat(sandbox.keysOf(user))
                .extracting(SandboxKey::accessKeyId)
                .containsExactly(second, afterRun.text("accessKeyId"));
    }

    @Test
    void anUnmanagedKeyHoldsASlotThatOnlyTheUpstreamsRefusalReveals() {
        upstream.createAccessKey(user);
        run();

        Api.Answer refused = api.createKey(Api.ISSUER, newIdempotencyKey(), user);

        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.text("type")).endsWith("/key-limit-reached");
        assertThat(refused.json().get("retCode").asInt()).isEqualTo(11105);
        assertThat(refused.json().get("liveKeys").findValuesAsString("accessKeyId"))
                .containsExactly(key);
        assertThat(refused.text("detail")).contains("UNMANAGED");
        assertThat(audit()).contains("RECONCILE_USER UNMANAGED", "CREATE_ACCESS_KEY REJECTED");
    }

    @Test
    void staleIntentsAreSettledFirstAndTheirOrphansRevoked() {
        UUID issuance = UUID.randomUUID();
        jdbc.update(
                "INSERT INTO issuance (id, client_name, idempotency_key, request_fingerprint, kind, user_name, state,"
                        + " started_at, lease_until) VALUES (?, 'test-issuer', ?, ?, 'CREATE', ?, 'OUTCOME_UNKNOWN',"
                        + " now() - interval '10 seconds', now() - interval '1 second')",
                issuance,
                "recon-" + UUID.randomUUID(),
                "d".repeat(64),
                user);
        String orphan = ((UpstreamOutcome.Success<UpstreamAccessKey>) upstream.createAccessKey(user))
                .value()
                .accessKeyId();

        JobRunReport report = run();

        assertThat(sandbox.keysOf(user)).extracting(SandboxKey::accessKeyId).containsExactly(key);
        assertThat(jdbc.queryForObject("SELECT state FROM issuance WHERE id = ?", String.class, issuance))
                .isEqualTo("ABANDONED");
        assertThat(audit()).contains("REVOKE_ORPHAN ORPHAN_REVOKED").doesNotContain("RECONCILE_USER UNMANAGED");
        assertThat(report.changed()).isPositive();
        assertThat(orphan).isNotEqualTo(key);
    }

    private JobRunReport run() {
        return jobs.run(reconciliation, JobTrigger.MANUAL).orElseThrow();
    }

    /** The key's status as an operator reads it. */
    private String status(String accessKeyId) {
        return api.call("GET", Api.keyPath(accessKeyId)).token(Api.ADMIN).send().text("status");
    }

    private List<String> audit() {
        return auditEvents.actionsOf(user);
    }
}
