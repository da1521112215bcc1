package io.keywarden.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keywarden.events.KeyEvent;
import io.keywarden.jobs.internal.JobRunner;
import io.keywarden.jobs.internal.JobTrigger;
import io.keywarden.sandbox.SandboxKey;
import io.keywarden.support.Api;
import io.keywarden.support.ApplicationTestBase;
import io.keywarden.support.Browser;
import io.keywarden.support.KeywardenTest;
import io.keywarden.support.LostCommits;
import io.keywarden.support.RecordedEvents;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.util.UriUtils;

/**
 * Keys whose records a loss of the database's commits dropped, as a standby promoted while behind
 * drops them: a key created and delivered (201 with its secret), then its row, its issuance and the
 * events after the last signed checkpoint both histories share deleted as the tables' owner. Once
 * an operator acknowledged the loss, upstream reconciliation, run by hand right after a scheduled
 * run, adopts the keys created upstream in the loss's window (that one, and one made there by hand)
 * as recovered after the loss, and leaves one created long before as unmanaged. A client retrying
 * the lost create, with the same Idempotency-Key or another, gets a 409 naming the recovered key
 * rather than a second live key, on every create route, until an operator keeps the key or deletes
 * it (which revokes it upstream).
 */
@KeywardenTest
class LossRecoveryTests extends ApplicationTestBase {

    private static final String ACKNOWLEDGE = "/admin/v1/audit-checkpoints/loss-acknowledgements";
    private static final String RUN_NOW = "/admin/v1/jobs/upstream-reconciliation/runs";

    @Autowired
    DataSource dataSource;

    @Autowired
    Clock clock;

    @Autowired
    JobRunner jobs;

    @Autowired
    UpstreamReconciliationJob reconciliation;

    @Autowired
    RecordedEvents events;

    /**
     * The windows of losses earlier tests acknowledged end a day earlier, so that none reaches the
     * keys this test makes (they would be adopted as that loss's); the test's own window is its own.
     */
    @BeforeEach
    void closeEarlierLossWindows() {
        LostCommits.closeAcknowledgedWindows(dataSource);
    }

    /**
     * Whatever the test found, the shared application issues again afterwards, as an operator would
     * see to, and the period its scheduled run claimed is free again for the tests that follow.
     */
    @AfterEach
    void acknowledgeWhatStillStands() {
        api.call("POST", ACKNOWLEDGE)
                .token(Api.ADMIN)
                .json("{\"reason\": \"the test ended before it acknowledged the loss\"}")
                .send();
        jdbc.update(
                "UPDATE shedlock SET lock_until = now() - interval '1 second' WHERE name = ?", reconciliation.name());
    }

    @Test
    void keysCreatedInAnAcknowledgedLossAreAdoptedAndHoldCreatesForTheirUserUntilAnOperatorReviewsThem() {
        String lostUser = newUser();
        String handUser = newUser();
        String oldUser = newUser();
        String held = created(lostUser, newIdempotencyKey());
        String handHeld = created(handUser, newIdempotencyKey());
        created(oldUser, newIdempotencyKey());
        assertThat(runCheckpointJob().text("outcome")).isEqualTo("SUCCEEDED");
        LostCommits.Agreed agreed = LostCommits.agreed(jdbc);
        String retried = newIdempotencyKey();
        String lost = created(lostUser, retried);
        assertThat(runCheckpointJob().text("outcome")).isEqualTo("SUCCEEDED");

        // What the promoted standby never received: the key's row, its issuance and the signed events.
        LostCommits.after(
                dataSource,
                agreed,
                "DELETE FROM issuance WHERE access_key_id = '" + lost + "'",
                "DELETE FROM access_key WHERE access_key_id = '" + lost + "'");
        // A key made upstream by hand in the lost window, and one made there long before it.
        String hand = newUpstreamKeyId();
        assertThat(sandbox.addKey(handUser, hand, clock.instant())).isPresent();
        String old = newUpstreamKeyId();
        assertThat(sandbox.addKey(oldUser, old, agreed.at().minus(Duration.ofHours(1))))
                .isPresent();
        assertThat(api.createKey(Api.ISSUER, newIdempotencyKey(), newUser()).status())
                .isEqualTo(201);
        assertThat(runCheckpointJob().text("outcome")).isEqualTo("PARTIAL");

        // Before the acknowledgement a scheduled run adopts nothing: what it finds is unmanaged.
        assertThat(jobs.run(reconciliation, JobTrigger.SCHEDULED)).isPresent();
        assertThat(auditEvents.actionsOf(lostUser)).contains("RECONCILE_USER UNMANAGED");
        assertThat(admin("GET", Api.keyPath(lost)).status()).isEqualTo(404);
        Api.Answer acknowledged = api.call("POST", ACKNOWLEDGE)
                .token(Api.ADMIN)
                .json("{\"reason\": \"INC-4711: standby promoted 5 s behind\"}")
                .send();
        assertThat(acknowledged.status()).as(acknowledged.body()).isEqualTo(200);
        long lossId = jdbc.queryForObject("SELECT max(id) FROM audit_loss", Long.class);

        // Run by hand right after the scheduled run: nothing refuses it for the rest of its period.
        Api.Answer run = admin("POST", RUN_NOW);

        assertThat(run.status()).as(run.body()).isEqualTo(201);
        assertThat(run.text("trigger")).isEqualTo("MANUAL");
        assertThat(run.text("outcome")).isEqualTo("SUCCEEDED");
        assertThat(run.json().get("changed").asLong()).isGreaterThanOrEqualTo(2);
        for (String[] recovered : List.of(new String[] {lost, lostUser}, new String[] {hand, handUser})) {
            String key = recovered[0];
            String user = recovered[1];
            Api.Answer view = admin("GET", Api.keyPath(key));
            assertThat(view.status()).as(view.body()).isEqualTo(200);
            assertThat(view.json().get("recoveredAfterLoss").asBoolean()).isTrue();
            assertThat(view.json().get("recovery").get("lossId").asLong()).isEqualTo(lossId);
            assertThat(view.json().get("recovery").get("reviewedAt").isNull()).isTrue();
            assertThat(view.json().get("issuedBy").isNull()).isTrue();
            assertThat(view.text("userName")).isEqualTo(user);
            assertThat(view.text("status")).isEqualTo("ACTIVE");
            assertThat(Instant.parse(view.text("createdAt")))
                    .isEqualTo(Instant.ofEpochSecond(upstreamKey(user, key).createdAt()));
            assertThat(jdbc.queryForList(
                            "SELECT action || ' ' || outcome || ' ' || user_name FROM audit_event"
                                    + " WHERE access_key_id = ? AND outcome = 'RECOVERED'",
                            String.class,
                            key))
                    .containsExactly("RECONCILE_USER RECOVERED " + user);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> events.of(key).stream().anyMatch(event -> event.type() == KeyEvent.Type.DRIFT));
            assertThat(events.of(key).stream()
                            .filter(event -> event.type() == KeyEvent.Type.DRIFT)
                            .toList())
                    .singleElement()
                    .satisfies(event -> assertThat(event.data())
                            .isEqualTo(new KeyEvent.Key(key, user, null, "ACTIVE", null, null)));
        }
        assertThat(admin("GET", Api.keyPath(old)).status()).isEqualTo(404);
        assertThat(auditEvents.actionsOf(oldUser)).contains("RECONCILE_USER UNMANAGED");
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM audit_event WHERE access_key_id = ? AND outcome = 'RECOVERED'",
                        Long.class,
                        old))
                .isZero();
        Api.Answer recoveredOnly = admin("GET", "/v1/access-keys?recovered=true&userName=" + lostUser);
        assertThat(recoveredOnly.json().get("items").findValuesAsString("accessKeyId"))
                .containsExactly(lost);
        Browser browser = signedIn("ada");
        HttpResponse<String> keyPage = browser.get(consoleUrl(lost));
        assertThat(keyPage.body())
                .contains("Recovered after loss")
                .contains("awaiting review")
                .contains("unknown (recovered after a loss)");
        assertThat(browser.get("http://127.0.0.1:" + port + "/console/keys?user=" + lostUser)
                        .body())
                .contains("recovered after loss");

        // The client that never heard of the loss retries its create; another create for the user too. The
        // user's other key is deleted first, so that the upstream's key limit would not refuse them.
        assertThat(admin("DELETE", Api.keyPath(held)).status()).isEqualTo(200);
        Api.Answer retry = api.createKey(Api.ISSUER, retried, lostUser);
        Api.Answer another = api.createKey(Api.ISSUER, newIdempotencyKey(), lostUser);
        Api.Answer compat = api.call("POST", "/v1/compat")
                .token(Api.ISSUER)
                .header("Idempotency-Key", retried)
                .json("{\"Action\":\"CreateAccessKey\",\"UserName\":\"" + lostUser + "\"}")
                .send();

        for (Api.Answer refused : List.of(retry, another)) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(409);
            assertThat(refused.text("type")).endsWith("/recovered-keys-unreviewed");
            assertThat(refused.json().get("recoveredKeys").get(0).asString()).isEqualTo(lost);
            assertThat(refused.text("detail")).contains(lost).contains("recovery-review");
        }
        assertThat(compat.json().get("RetCode").asInt()).isEqualTo(9409);
        assertThat(compat.text("Message")).contains(lost);
        assertThat(sandbox.keysOf(lostUser)).extracting(SandboxKey::accessKeyId).containsExactly(lost);
        List<String> audited = auditEvents.actionsOf(lostUser);
        assertThat(audited.stream().filter("CREATE_ACCESS_KEY AWAITING_REVIEW"::equals))
                .as(audited.toString())
                .hasSize(3);

        // One user's recovered key kept: a slot is freed first, so only the review stands in the way.
        assertThat(admin("DELETE", Api.keyPath(handHeld)).status()).isEqualTo(200);
        HttpResponse<String> newKeyPage = browser.get("http://127.0.0.1:" + port + "/console/keys/new");
        HttpResponse<String> consoleRefused = browser.post(
                newKeyPage,
                "http://127.0.0.1:" + port + "/console/keys",
                Map.of("userName", handUser, "idempotencyKey", newIdempotencyKey()));
        assertThat(consoleRefused.statusCode()).isEqualTo(409);
        assertThat(consoleRefused.body())
                .contains("Recovered keys await review")
                .contains(hand);
        assertThat(review(Api.ISSUER, hand, "{\"keep\": true}").status()).isEqualTo(403);
        assertThat(review(Api.ADMIN, hand, "{\"keep\": false}").text("parameter"))
                .isEqualTo("keep");
        assertThat(review(Api.ADMIN, held, "{\"keep\": true}").status()).isEqualTo(409);

        Api.Answer kept = review(Api.ADMIN, hand, "{\"keep\": true, \"reason\": \"INC-4711: the CI runner holds it\"}");

        assertThat(kept.status()).as(kept.body()).isEqualTo(200);
        assertThat(kept.json().get("recoveredAfterLoss").asBoolean()).isTrue();
        assertThat(kept.json().get("recovery").get("reviewedBy").asString()).isEqualTo("test-admin");
        assertThat(review(Api.ADMIN, hand, "{\"keep\": true}").status()).isEqualTo(409);
        assertThat(jdbc.queryForList(
                        "SELECT action || ' ' || outcome || ' ' || actor FROM audit_event"
                                + " WHERE access_key_id = ? AND action = 'REVIEW_RECOVERED_KEY' ORDER BY id",
                        String.class,
                        hand))
                .containsExactly(
                        "REVIEW_RECOVERED_KEY DENIED test-issuer",
                        "REVIEW_RECOVERED_KEY INVALID test-admin",
                        "REVIEW_RECOVERED_KEY SUCCEEDED test-admin",
                        "REVIEW_RECOVERED_KEY INVALID test-admin");
        assertThat(jdbc.queryForObject(
                        "SELECT detail FROM audit_event WHERE access_key_id = ? AND action = 'REVIEW_RECOVERED_KEY'"
                                + " AND outcome = 'SUCCEEDED'",
                        String.class,
                        hand))
                .isEqualTo("kept as a managed key, recovered after loss " + lossId
                        + "; reason: INC-4711: the CI runner holds it");
        String createdAfter = created(handUser, newIdempotencyKey());
        // A kept key is managed like any other: once a slot is free, it rotates to a key of the rotating client.
        assertThat(admin("DELETE", Api.keyPath(createdAfter)).status()).isEqualTo(200);
        Api.Answer rotated = api.call("POST", Api.keyPath(hand) + "/rotate")
                .token(Api.ISSUER)
                .header("Idempotency-Key", newIdempotencyKey())
                .send();
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);
        assertThat(rotated.text("rotatedFrom")).isEqualTo(hand);
        Api.Answer successor = admin("GET", Api.keyPath(rotated.text("accessKeyId")));
        assertThat(successor.text("issuedBy")).isEqualTo("test-issuer");
        assertThat(successor.json().get("recoveredAfterLoss").asBoolean()).isFalse();
        assertThat(admin("GET", Api.keyPath(hand)).text("status")).isEqualTo("ROTATING");

        // The other deleted: revoked upstream, and creates for its user are accepted again.
        Api.Answer deleted = admin("DELETE", Api.keyPath(lost));

        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(deleted.text("status")).isEqualTo("DELETED");
        assertThat(sandbox.keysOf(lostUser)).isEmpty();
        Api.Answer afterwards = api.createKey(Api.ISSUER, retried, lostUser);
        assertThat(afterwards.status()).as(afterwards.body()).isEqualTo(201);
        assertThat(sandbox.keysOf(lostUser))
                .extracting(SandboxKey::accessKeyId)
                .containsExactly(afterwards.text("accessKeyId"));
        assertThat(sandbox.keysOf(oldUser)).extracting(SandboxKey::accessKeyId).contains(old);
    }

    /**
     * A failover that kept an attempt's start but lost its success: the caller got its 201, the
     * promoted database holds the attempt in flight and no key. The stale-attempt sweep, run before
     * any checkpoint noticed the loss, compares the log with the signed checkpoints itself and
     * revokes nothing while the loss stands; once it is acknowledged, it adopts the key as recovered
     * rather than revoking what the caller holds, and the caller's retry meets a 409, not a second key.
     */
    @Test
    void theStaleAttemptSweepNeverRevokesAKeyWhoseSuccessALossDropped() {
        String user = newUser();
        created(newUser(), newIdempotencyKey());
        assertThat(runCheckpointJob().text("outcome")).isEqualTo("SUCCEEDED");
        LostCommits.Agreed agreed = LostCommits.agreed(jdbc);
        String retried = newIdempotencyKey();
        String lost = created(user, retried);
        assertThat(runCheckpointJob().text("outcome")).isEqualTo("SUCCEEDED");
        LostCommits.after(
                dataSource,
                agreed,
                "DELETE FROM access_key WHERE access_key_id = '" + lost + "'",
                "UPDATE issuance SET state = 'IN_FLIGHT', settled_at = NULL, access_key_id = NULL,"
                        + " response_status = NULL, response_ciphertext = NULL,"
                        + " lease_until = now() - interval '1 second' WHERE idempotency_key = '" + retried + "'");
        // Another key made for the user at that moment: the attempt's key cannot be told apart from it.
        String beside = newUpstreamKeyId();
        assertThat(sandbox.addKey(user, beside, clock.instant())).isPresent();

        Api.Answer early = admin("POST", "/admin/v1/jobs/issuance-reconciliation/runs");

        assertThat(early.status()).as(early.body()).isEqualTo(201);
        assertThat(early.text("outcome")).as(early.body()).isEqualTo("PARTIAL");
        assertThat(early.text("lastError")).contains("behind its signed audit checkpoint");
        assertThat(sandbox.keysOf(user)).extracting(SandboxKey::accessKeyId).contains(lost);
        assertThat(upstreamKey(user, lost).status().name()).isEqualTo("ACTIVE");
        assertThat(api.call("POST", ACKNOWLEDGE)
                        .token(Api.ADMIN)
                        .json("{\"reason\": \"INC-4712: standby promoted behind\"}")
                        .send()
                        .status())
                .isEqualTo(200);

        Api.Answer swept = admin("POST", "/admin/v1/jobs/issuance-reconciliation/runs");

        assertThat(swept.status()).as(swept.body()).isEqualTo(201);
        assertThat(swept.text("outcome")).as(swept.body()).isEqualTo("SUCCEEDED");
        for (String key : List.of(lost, beside)) {
            assertThat(upstreamKey(user, key).status().name()).isEqualTo("ACTIVE");
            Api.Answer view = admin("GET", Api.keyPath(key));
            assertThat(view.status()).as(view.body()).isEqualTo(200);
            assertThat(view.json().get("recoveredAfterLoss").asBoolean()).isTrue();
            assertThat(jdbc.queryForList(
                            "SELECT action || ' ' || outcome FROM audit_event WHERE access_key_id = ? ORDER BY id",
                            String.class,
                            key))
                    .containsExactly("RECONCILE_USER RECOVERED", "RECONCILE_ISSUANCE ABANDONED");
        }
        Api.Answer retry = api.createKey(Api.ISSUER, retried, user);
        assertThat(retry.status()).as(retry.body()).isEqualTo(409);
        assertThat(retry.text("type")).endsWith("/recovered-keys-unreviewed");
        assertThat(sandbox.keysOf(user))
                .extracting(SandboxKey::accessKeyId)
                .contains(lost)
                .hasSize(2);
    }

    private String created(String user, String idempotencyKey) {
        Api.Answer created = api.createKey(Api.ISSUER, idempotencyKey, user);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.text("accessKeyId");
    }

    private SandboxKey upstreamKey(String user, String accessKeyId) {
        return sandbox.keysOf(user).stream()
                .filter(key -> key.accessKeyId().equals(accessKeyId))
                .findFirst()
                .orElseThrow();
    }

    private Api.Answer review(String token, String accessKeyId, String body) {
        return api.call(
                        "POST",
                        "/admin/v1/access-keys/" + UriUtils.encodePathSegment(accessKeyId, StandardCharsets.UTF_8)
                                + "/recovery-review")
                .token(token)
                .json(body)
                .send();
    }

    private Api.Answer admin(String method, String path) {
        return api.call(method, path).token(Api.ADMIN).send();
    }

    private Api.Answer runCheckpointJob() {
        return admin("POST", "/admin/v1/jobs/audit-checkpoint/runs");
    }

    private Browser signedIn(String login) {
        Browser browser = new Browser();
        HttpResponse<String> page =
                browser.signInAt(browser.get("http://127.0.0.1:" + port + "/console"), login, login + "-password");
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return browser;
    }

    private String consoleUrl(String key) {
        return "http://127.0.0.1:" + port + "/console/keys/" + UriUtils.encodePathSegment(key, StandardCharsets.UTF_8);
    }
}
