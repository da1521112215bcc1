package io.keywarden.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keywarden.sandbox.SandboxFault;
import io.keywarden.sandbox.SandboxKeyStatus;
import io.keywarden.support.Api;
import io.keywarden.support.ApplicationTestBase;
import io.keywarden.support.KeywardenTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.web.util.UriUtils;

/** What an operator's Prometheus scrapes: who may, and what it shows after each kind of event. */
@KeywardenTest
class MetricsTests extends ApplicationTestBase {

    @Test
    void thePrometheusEndpointIsForMetricsAndAdminClientsOnly() {
        assertThat(api.call("GET", "/actuator/prometheus").send().status()).isEqualTo(401);
        assertThat(api.call("GET", "/actuator/prometheus")
                        .token(Api.ISSUER)
                        .send()
                        .status())
                .isEqualTo(403);
        assertThat(api.call("GET", "/actuator/prometheus")
                        .token(Api.AUDITOR)
                        .send()
                        .status())
                .isEqualTo(403);
        Api.Answer admin =
                api.call("GET", "/actuator/prometheus").token(Api.ADMIN).send();
        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.header("Content-Type")).startsWith("text/plain");
        Api.Answer scraper =
                api.call("GET", "/actuator/prometheus").token(Api.METRICS).send();
        assertThat(scraper.status()).isEqualTo(200);
        assertThat(scraper.body()).contains("keywarden_audit_events_total");
    }

    @Test
    void theMetricsClientMayDoNothingButReadMetrics() {
        String user = newUser();
        String keyId = api.createKey(Api.ADMIN, newIdempotencyKey(), user).text("accessKeyId");
        String key = UriUtils.encodePathSegment(keyId, StandardCharsets.UTF_8);

        assertThat(api.call("DELETE", "/v1/access-keys/" + key)
                        .token(Api.METRICS)
                        .send()
                        .status())
                .isEqualTo(403);
        assertThat(api.call("POST", "/v1/access-keys/" + key + "/disable")
                        .token(Api.METRICS)
                        .send()
                        .status())
                .isEqualTo(403);
        assertThat(api.call("GET", "/v1/access-keys/" + key)
                        .token(Api.METRICS)
                        .send()
                        .status())
                .isEqualTo(403);
        assertThat(api.call("GET", "/admin/v1/audit-events")
                        .token(Api.METRICS)
                        .send()
                        .status())
                .isEqualTo(403);
        assertThat(api.call("GET", "/actuator/health").token(Api.METRICS).send().body())
                .doesNotContain("components");
        assertThat(sandbox.keysOf(user))
                .singleElement()
                .satisfies(k -> assertThat(k.status()).isEqualTo(SandboxKeyStatus.ACTIVE));
        assertThat(jdbc.queryForObject("SELECT status FROM access_key WHERE access_key_id = ?", String.class, keyId))
                .isEqualTo("ACTIVE");
    }

    @Test
    void aCreateAndItsReplayAreCountedAndTheUpstreamCallIsTimed() {
        Scrape before = scrape();
        String user = newUser();
        String key = newIdempotencyKey();

        assertThat(api.createKey(Api.ISSUER, key, user).status()).isEqualTo(201);
        assertThat(api.createKey(Api.ISSUER, key, user).status()).isEqualTo(201);
        Scrape after = scrape();

        assertThat(increase(before, after, "keywarden_issuance_total", "kind=create", "outcome=succeeded"))
                .isEqualTo(1);
        assertThat(increase(before, after, "keywarden_issuance_total", "kind=create", "outcome=replayed"))
                .isEqualTo(1);
        assertThat(increase(before, after, "keywarden_idempotency_replays_total", "kind=create"))
                .isEqualTo(1);
        assertThat(increase(
                        before,
                        after,
                        "keywarden_upstream_calls_seconds_count",
                        "action=CreateAccessKey",
                        "outcome=success",
                        "ret_code=0"))
                .isEqualTo(1);
        assertThat(after.has("keywarden_upstream_calls_seconds_bucket", "action=CreateAccessKey", "le=+Inf"))
                .isTrue();
        assertThat(increase(before, after, "keywarden_audit_append_seconds_count"))
                .isGreaterThanOrEqualTo(2);
        assertThat(after.has("keywarden_audit_append_seconds_bucket")).isTrue();
        assertThat(increase(
                        before, after, "keywarden_audit_events_total", "action=create_access_key", "outcome=succeeded"))
                .isEqualTo(1);
    }

    @Test
    void aRevokedOrphanIsCountedAndTheTimedOutCreateShowsAsOutcomeUnknown() {
        Scrape before = scrape();
        String user = newUser();
        String key = newIdempotencyKey();
        sandbox.arm(new SandboxFault(
                SandboxFault.Type.CREATE_WITHOUT_ANSWER, null, 1, null, Duration.ofSeconds(3), null, null, null));

        assertThat(api.createKey(Api.ISSUER, key, user).status()).isEqualTo(504);
        assertThat(api.createKey(Api.ISSUER, key, user).status()).isEqualTo(201);
        Scrape after = scrape();

        assertThat(increase(before, after, "keywarden_orphans_revoked_total")).isEqualTo(1);
        assertThat(increase(before, after, "keywarden_issuance_total", "kind=create", "outcome=outcome_unknown"))
                .isEqualTo(1);
        assertThat(increase(
                        before,
                        after,
                        "keywarden_upstream_calls_seconds_count",
                        "action=CreateAccessKey",
                        "outcome=outcome_unknown",
                        "ret_code=none"))
                .isEqualTo(1);
        assertThat(increase(
                        before,
                        after,
                        "keywarden_upstream_calls_seconds_count",
                        "action=DeleteAccessKey",
                        "outcome=success"))
                .isEqualTo(1);
    }

    @Test
    void aJobRunIsCountedByJobAndOutcome() {
        Scrape before = scrape();

        Api.Answer run = api.call("POST", "/admin/v1/jobs/rotation-age-watch/runs")
                .token(Api.ADMIN)
                .send();
        Scrape after = scrape();

        assertThat(run.status()).isEqualTo(201);
        assertThat(increase(
                        before,
                        after,
                        "keywarden_jobs_runs_seconds_count",
                        "job=rotation-age-watch",
                        "outcome=succeeded"))
                .isEqualTo(1);
    }

    @Test
    void theAuditVerificationJobReportsAnIntactChain() {
        Api.Answer run = api.call("POST", "/admin/v1/jobs/audit-verification/runs")
                .token(Api.ADMIN)
                .send();

        assertThat(run.status()).isEqualTo(201);
        assertThat(run.text("outcome")).isEqualTo("SUCCEEDED");
        Scrape scrape = scrape();
        assertThat(scrape.sum("keywarden_audit_chain_intact")).isEqualTo(1);
        assertThat(scrape.has("keywarden_jobs_runs_seconds_count", "job=audit-verification", "outcome=succeeded"))
                .isTrue();
    }

    @Test
    void gaugesShowTheCircuitTheLimiterKeysDueAndTheAuditHead() {
        assertThat(api.createKey(Api.ISSUER, newIdempotencyKey(), newUser()).status())
                .isEqualTo(201);

        Scrape scrape = scrape();

        assertThat(scrape.sum("keywarden_upstream_circuit_state", "state=closed"))
                .isEqualTo(1);
        assertThat(scrape.sum("keywarden_upstream_circuit_state", "state=open")).isZero();
        assertThat(scrape.has("keywarden_upstream_circuit_failure_rate_percent"))
                .isTrue();
        assertThat(scrape.has("keywarden_upstream_limiter_available_permissions"))
                .isTrue();
        assertThat(scrape.sum("keywarden_upstream_limiter_waiting_threads")).isZero();
        assertThat(scrape.has("keywarden_keys_due_for_rotation")).isTrue();
        // The gauge reads the head at most every 15 s; an earlier scrape in this JVM may have read
        // a head that other tests seeded with old timestamps, so the create shows by the next read.
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(scrape().sum("keywarden_audit_chain_head_age_seconds"))
                        .isBetween(0.0, 60.0));
    }

    private Scrape scrape() {
        Api.Answer answer =
                api.call("GET", "/actuator/prometheus").token(Api.ADMIN).send();
        assertThat(answer.status()).isEqualTo(200);
        return Scrape.of(answer.body());
    }

    private static double increase(Scrape before, Scrape after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }
}
