package io.keywarden.issuance;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.audit.AuditTrail;
import io.keywarden.jobs.internal.JobRunner;
import io.keywarden.jobs.internal.JobTrigger;
import io.keywarden.sandbox.SandboxFault.Type;
import io.keywarden.support.Api;
import io.keywarden.support.KeywardenTest;
import io.keywarden.upstream.UpstreamAccessKey;
import io.keywarden.upstream.UpstreamIamClient;
import io.keywarden.upstream.UpstreamOutcome;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The orphan-revoking side of the protocol: nothing stays alive upstream that nobody holds. */
@KeywardenTest
class ReconciliationTests extends IssuanceTestSupport {

    @Autowired
    JobRunner jobs;

    @Autowired
    StaleIssuanceJob staleIssuances;

    @Autowired
    UpstreamIamClient upstream;

    @Test
    void aRetryAfterCreateButNeverAnswerRevokesTheOrphanAndEndsWithOneWorkingKey() {
        String user = newUser();
        String key = newIdempotencyKey();
        sandbox.arm(new io.keywarden.sandbox.SandboxFault(
                Type.CREATE_WITHOUT_ANSWER, null, 1, null, Duration.ofSeconds(3), null, null, null));

        Api.Answer timedOut = api.createKey(Api.ISSUER, key, user);
        String orphan = sandbox.keysOf(user).get(0).accessKeyId();
        Api.Answer retried = api.createKey(Api.ISSUER, key, user);

        assertThat(timedOut.status()).isEqualTo(504);
        assertThat(retried.status()).isEqualTo(201);
        assertThat(retried.text("accessKeyId")).isNotEqualTo(orphan);
        assertThat(upstreamKeyIds(user)).containsExactly(retried.text("accessKeyId"));
        assertThat(auditOutcomes(user)).containsExactly("OUTCOME_UNKNOWN", "ORPHAN_REVOKED", "ABANDONED", "SUCCEEDED");
        assertThat(auditEvents.ofUser(user).stream()
                        .filter(event -> event.outcome().equals("ORPHAN_REVOKED"))
                        .map(AuditTrail.Event::accessKeyId))
                .containsExactly(orphan);
        Api.Answer replay = api.createKey(Api.ISSUER, key, user);
        assertThat(replay.body()).isEqualTo(retried.body());
    }

    @Test
    void theScheduledReconcilerRevokesTheKeyOfAnAttemptThatCrashedBeforeRecordingIt() {
        String user = newUser();
        UUID issuance = UUID.randomUUID();
        jdbc.update(
                "INSERT INTO issuance (id, client_name, idempotency_key, request_fingerprint, kind, user_name, state,"
                        + " started_at, lease_until) VALUES (?, 'test-issuer', ?, ?, 'CREATE', ?, 'IN_FLIGHT',"
                        + " now() - interval '10 seconds', now() - interval '1 second')",
                issuance,
                newIdempotencyKey(),
                "f".repeat(64),
                user);
        UpstreamOutcome<UpstreamAccessKey> created = upstream.createAccessKey(user);
        assertThat(created).isInstanceOf(UpstreamOutcome.Success.class);

        assertThat(jobs.run(staleIssuances, JobTrigger.MANUAL)).isPresent();

        assertThat(upstreamKeyIds(user)).isEmpty();
        assertThat(jdbc.queryForObject("SELECT state FROM issuance WHERE id = ?", String.class, issuance))
                .isEqualTo("ABANDONED");
        assertThat(auditOutcomes(user)).containsExactly("ORPHAN_REVOKED", "ABANDONED");
    }

    @Test
    void reconcilingLeavesKeysThatKeywardenRecordedAlone() {
        String user = newUser();
        String kept = api.createKey(Api.ISSUER, newIdempotencyKey(), user).text("accessKeyId");
        String key = newIdempotencyKey();
        arm(Type.NO_ANSWER, null, Duration.ofSeconds(3), null);
        api.createKey(Api.ISSUER, key, user);
        sandbox.clearFaults();

        Api.Answer retried = api.createKey(Api.ISSUER, key, user);

        assertThat(retried.status()).isEqualTo(201);
        assertThat(upstreamKeyIds(user)).containsExactlyInAnyOrder(kept, retried.text("accessKeyId"));
    }

    @Test
    void whenTheUpstreamCannotListTheRetryIs503AndTheIssuanceStaysUnknown() {
        String user = newUser();
        String key = newIdempotencyKey();
        arm(Type.NO_ANSWER, null, Duration.ofSeconds(3), null);
        api.createKey(Api.ISSUER, key, user);
        sandbox.clearFaults();
        arm(Type.HTTP_STATUS, 503, null, null);

        Api.Answer retried = api.createKey(Api.ISSUER, key, user);

        assertThat(retried.status()).isEqualTo(503);
        assertThat(retried.header("Retry-After")).isNotNull();
        assertThat(issuanceState(key)).isEqualTo("OUTCOME_UNKNOWN");
        sandbox.clearFaults();
        assertThat(api.createKey(Api.ISSUER, key, user).status()).isEqualTo(201);
    }
}
