package io.keywarden.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keywarden.audit.AuditTrail;
import io.keywarden.events.OrphanAmbiguous;
import io.keywarden.sandbox.SandboxFault;
import io.keywarden.sandbox.SandboxFault.Type;
import io.keywarden.support.Api;
import io.keywarden.support.KeywardenTest;
import io.keywarden.support.RecordedEvents;
import io.keywarden.upstream.UpstreamAccessKey;
import io.keywarden.upstream.UpstreamIamClient;
import io.keywarden.upstream.UpstreamOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A lost create meets a key an operator made by hand upstream for the same user. Keywarden must
 * never revoke a key it cannot attribute to the lost attempt: it reports it (audit, metric, the
 * admin listing), refuses the attempt's retries with a clear 409, and an operator settles it in
 * one call. Hand-made keys are created with a signed call straight to the upstream, as the
 * console would.
 */
@KeywardenTest
class AmbiguousOrphanTests extends FaultTestSupport {

    private static final String LISTING = "/admin/v1/ambiguous-orphans";

    @Autowired
    UpstreamIamClient upstream;

    @Autowired
    MeterRegistry meters;

    @Autowired
    RecordedEvents events;

    @Test
    void aKeyMadeByHandInTheLostAttemptsWindowSurvivesIsReportedAndTheOperatorRevokesTheOrphan() {
        String user = newUser();
        String idempotencyKey = newIdempotencyKey();
        long mark = auditMark();
        double reportedBefore = ambiguousCount();
        sandbox.arm(
                new SandboxFault(Type.CREATE_WITHOUT_ANSWER, null, 1, null, Duration.ofSeconds(3), null, null, null));
        Api.Answer lost = create(user, idempotencyKey);
        String orphan = upstreamKeyIds(user).get(0);
        String handMade = createByHand(user);

        reconcileOnce(user);

        assertThat(lost.status()).isEqualTo(504);
        assertThat(upstreamKeyIds(user)).containsExactlyInAnyOrder(orphan, handMade);
        assertThat(auditSince(mark, user))
                .containsExactly(
                        "CREATE_ACCESS_KEY OUTCOME_UNKNOWN",
                        "RECONCILE_ISSUANCE ORPHAN_AMBIGUOUS",
                        "RECONCILE_ISSUANCE ORPHAN_AMBIGUOUS");
        assertThat(reportedKeys(mark, user)).containsExactlyInAnyOrder(orphan, handMade);
        assertThat(ambiguousCount() - reportedBefore).isEqualTo(1.0);
        assertNothingLostOrLeftAlive(user, Set.of(handMade));

        Api.Answer retried = create(user, idempotencyKey);

        assertThat(retried.status()).as(retried.toString()).isEqualTo(409);
        assertThat(retried.header("Content-Type")).startsWith("application/problem+json");
        assertThat(retried.text("type")).endsWith("/orphan-ambiguous");
        String issuanceId = retried.text("issuanceId");
        assertThat(retried.text("detail")).contains(issuanceId, "operator");
        assertThat(upstreamKeyIds(user)).as("the retry created no key").hasSize(2);

        JsonNode report = reportOf(issuanceId);
        assertThat(report.get("userName").asString()).isEqualTo(user);
        assertThat(report.get("idempotencyKey").asString()).isEqualTo(idempotencyKey);
        assertThat(report.get("reason").asString()).contains("2 unrecorded keys");
        assertThat(candidateIds(report)).containsExactlyInAnyOrder(orphan, handMade);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> events.received(OrphanAmbiguous.class).stream()
                        .anyMatch(event -> event.data().userName().equals(user)));
        assertThat(events.received(OrphanAmbiguous.class))
                .filteredOn(event -> event.data().userName().equals(user))
                .singleElement()
                .satisfies(event -> {
                    assertThat(event.data().issuanceId()).hasToString(issuanceId);
                    assertThat(event.data().candidates()).containsExactlyInAnyOrder(orphan, handMade);
                    assertThat(event.data().reason())
                            .isEqualTo(report.get("reason").asString());
                });

        long beforeResolution = auditMark();
        Api.Answer resolved = resolve(issuanceId, orphan);

        assertThat(resolved.status()).as(resolved.toString()).isEqualTo(200);
        assertThat(resolved.text("revoked")).isEqualTo(orphan);
        assertThat(upstreamKeyIds(user)).containsExactly(handMade);
        assertThat(auditEvents.ofUserAfter(user, beforeResolution).stream()
                        .map(event -> event.actor() + " " + event.action() + " " + event.outcome() + " "
                                + (event.accessKeyId() == null ? "-" : event.accessKeyId())))
                .containsExactly(
                        "test-admin REVOKE_ORPHAN ORPHAN_REVOKED " + orphan,
                        "test-admin RECONCILE_ISSUANCE ABANDONED " + orphan);
        assertThat(reportOf(issuanceId)).as("no longer listed").isNull();
        assertThat(resolve(issuanceId, orphan).status()).as("resolved once").isEqualTo(404);

        Api.Answer afterResolution = create(user, idempotencyKey);

        assertThat(afterResolution.status()).as(afterResolution.toString()).isEqualTo(201);
        assertThat(upstreamKeyIds(user)).containsExactlyInAnyOrder(handMade, afterResolution.text("accessKeyId"));
        assertNothingLostOrLeftAlive(user, Set.of(handMade));
    }

    @Test
    void aKeyRevokedByOneReportsResolutionIsNoLongerACandidateOfAnotherReport() {
        String user = newUser();
        sandbox.arm(
                new SandboxFault(Type.CREATE_WITHOUT_ANSWER, null, 2, null, Duration.ofSeconds(3), null, null, null));
        Api.Answer first = create(user, newIdempotencyKey());
        Api.Answer second = create(user, newIdempotencyKey());
        List<String> keys = upstreamKeyIds(user);

        reconcileOnce(user);

        assertThat(List.of(first.status(), second.status())).containsOnly(504);
        assertThat(keys).hasSize(2);
        List<String> reports = new ArrayList<>();
        for (JsonNode item :
                api.call("GET", LISTING).token(Api.ADMIN).send().json().get("items")) {
            if (item.get("userName").asString().equals(user)) {
                assertThat(candidateIds(item)).containsExactlyInAnyOrderElementsOf(keys);
                reports.add(item.get("issuanceId").asString());
            }
        }
        assertThat(reports).hasSize(2);

        Api.Answer one = resolve(reports.get(0), keys.get(0));

        assertThat(one.status()).as(one.toString()).isEqualTo(200);
        assertThat(candidateIds(reportOf(reports.get(1))))
                .as("the revoked key is gone upstream, so it is nobody's candidate any more")
                .containsExactly(keys.get(1));
        assertThat(resolve(reports.get(1), keys.get(0)).status()).isEqualTo(400);

        Api.Answer other = resolve(reports.get(1), keys.get(1));

        assertThat(other.status()).as(other.toString()).isEqualTo(200);
        assertThat(other.json().get("kept")).isEmpty();
        assertThat(upstreamKeyIds(user)).isEmpty();
        assertNothingLostOrLeftAlive(user);
    }

    @Test
    void aLoneKeyMadeByHandAfterTheWindowOfAnAttemptThatCreatedNothingIsKeptWhenTheOperatorSaysNone() {
        String user = newUser();
        String idempotencyKey = newIdempotencyKey();
        sandbox.arm(new SandboxFault(Type.NO_ANSWER, null, 1, null, Duration.ofSeconds(3), null, null, null));
        assertThat(create(user, idempotencyKey).status()).isEqualTo(504);
        // The attempt ended a minute ago; the key below is made now, well after its window.
        jdbc.update(
                "UPDATE issuance SET started_at = started_at - interval '1 minute',"
                        + " window_ends_at = window_ends_at - interval '1 minute' WHERE idempotency_key = ?",
                idempotencyKey);
        String handMade = createByHand(user);
        long mark = auditMark();

        reconcileOnce(user);

        assertThat(upstreamKeyIds(user)).containsExactly(handMade);
        assertThat(auditSince(mark, user)).containsExactly("RECONCILE_ISSUANCE ORPHAN_AMBIGUOUS");
        Api.Answer retried = create(user, idempotencyKey);
        assertThat(retried.status()).isEqualTo(409);
        String issuanceId = retried.text("issuanceId");
        JsonNode report = reportOf(issuanceId);
        assertThat(report.get("reason").asString()).contains("after the attempt's window");
        assertThat(report.get("candidates").get(0).get("insideWindow").asBoolean())
                .isFalse();

        Api.Answer badReason = resolve(issuanceId, "none", "\\u0007");
        assertThat(badReason.status()).as(badReason.toString()).isEqualTo(400);
        assertThat(badReason.text("parameter")).isEqualTo("reason");
        assertThat(reportOf(issuanceId)).as("still listed").isNotNull();

        Api.Answer resolved = resolve(issuanceId, "none", "INC-12: made by hand by the on-call");

        assertThat(resolved.status()).as(resolved.toString()).isEqualTo(200);
        assertThat(resolved.text("revoked")).isNull();
        assertThat(upstreamKeyIds(user)).containsExactly(handMade);
        assertThat(auditEvents.ofUserAfter(user, mark).stream()
                        .filter(event -> event.action().equals("RECONCILE_ISSUANCE"))
                        .map(event -> event.actor() + " " + event.outcome() + " " + event.detail()))
                .containsExactly(
                        "keywarden ORPHAN_AMBIGUOUS issuance " + issuanceId + ": not revoked, "
                                + report.get("reason").asString()
                                + "; an operator decides on the console at /console/orphans"
                                + " (or at /admin/v1/ambiguous-orphans)",
                        "test-admin ABANDONED ambiguous orphans of issuance " + issuanceId
                                + " resolved: none revoked; reason: INC-12: made by hand by the on-call;"
                                + " kept as unmanaged: " + handMade);
        Api.Answer afterResolution = create(user, idempotencyKey);
        assertThat(afterResolution.status()).isEqualTo(201);
        assertThat(upstreamKeyIds(user)).containsExactlyInAnyOrder(handMade, afterResolution.text("accessKeyId"));
        assertNothingLostOrLeftAlive(user, Set.of(handMade));
    }

    @Test
    void aSingleOrphanInsideTheWindowWithNoHandMadeKeyIsStillRevoked() {
        String user = newUser();
        String idempotencyKey = newIdempotencyKey();
        double reportedBefore = ambiguousCount();
        sandbox.arm(
                new SandboxFault(Type.CREATE_WITHOUT_ANSWER, null, 1, null, Duration.ofSeconds(3), null, null, null));
        assertThat(create(user, idempotencyKey).status()).isEqualTo(504);
        String orphan = upstreamKeyIds(user).get(0);
        long mark = auditMark();

        reconcileOnce(user);

        assertThat(upstreamKeyIds(user)).isEmpty();
        assertThat(auditSince(mark, user))
                .containsExactly("REVOKE_ORPHAN ORPHAN_REVOKED", "RECONCILE_ISSUANCE ABANDONED");
        assertThat(auditEvents.ofUserAfter(user, mark).stream()
                        .filter(event -> event.outcome().equals("ORPHAN_REVOKED"))
                        .map(AuditTrail.Event::accessKeyId))
                .containsExactly(orphan);
        assertThat(ambiguousCount()).isEqualTo(reportedBefore);
        assertNothingLostOrLeftAlive(user);
    }

    @Test
    void aResolutionNamingAKeyThatIsNotACandidateIs400AndChangesNothing() {
        String user = newUser();
        String idempotencyKey = newIdempotencyKey();
        sandbox.arm(
                new SandboxFault(Type.CREATE_WITHOUT_ANSWER, null, 1, null, Duration.ofSeconds(3), null, null, null));
        create(user, idempotencyKey);
        createByHand(user);
        reconcileOnce(user);
        String issuanceId = create(user, idempotencyKey).text("issuanceId");
        List<String> keysBefore = upstreamKeyIds(user);
        long mark = auditMark();

        Api.Answer notACandidate = resolve(issuanceId, "4E9UU0VhqsOd6DXIMzWuhbAiOgVrwPLMzxnVTj0vVCY=");
        Api.Answer noDecision = api.call("POST", LISTING + "/" + issuanceId + "/resolution")
                .token(Api.ADMIN)
                .json("{}")
                .send();

        for (Api.Answer answer : List.of(notACandidate, noDecision)) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
            assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
            assertThat(answer.text("parameter")).isEqualTo("revoke");
        }
        assertThat(upstreamKeyIds(user)).containsExactlyInAnyOrderElementsOf(keysBefore);
        assertThat(auditSince(mark, user)).isEmpty();
        assertThat(reportOf(issuanceId)).as("still listed").isNotNull();
    }

    @Test
    void onlyAnAdminMaySeeOrResolveAmbiguousOrphans() {
        for (String token : List.of(Api.ISSUER, Api.AUDITOR)) {
            Api.Answer listed = api.call("GET", LISTING).token(token).send();
            Api.Answer resolved = api.call("POST", LISTING + "/00000000-0000-0000-0000-000000000000/resolution")
                    .token(token)
                    .json("{\"revoke\":\"none\"}")
                    .send();
            assertThat(listed.status()).isEqualTo(403);
            assertThat(resolved.status()).isEqualTo(403);
            assertThat(resolved.header("Content-Type")).startsWith("application/problem+json");
        }
        assertThat(api.call("GET", LISTING).send().status()).isEqualTo(401);
    }

    private String createByHand(String user) {
        UpstreamOutcome<UpstreamAccessKey> created = upstream.createAccessKey(user);
        assertThat(created).isInstanceOf(UpstreamOutcome.Success.class);
        return ((UpstreamOutcome.Success<UpstreamAccessKey>) created).value().accessKeyId();
    }

    private Api.Answer resolve(String issuanceId, String revoke) {
        return api.call("POST", LISTING + "/" + issuanceId + "/resolution")
                .token(Api.ADMIN)
                .json("{\"revoke\":\"" + revoke + "\"}")
                .send();
    }

    private Api.Answer resolve(String issuanceId, String revoke, String reason) {
        return api.call("POST", LISTING + "/" + issuanceId + "/resolution")
                .token(Api.ADMIN)
                .json("{\"revoke\":\"" + revoke + "\", \"reason\":\"" + reason + "\"}")
                .send();
    }

    /** The open report of the issuance in the admin listing, or {@code null}. */
    private JsonNode reportOf(String issuanceId) {
        Api.Answer listed = api.call("GET", LISTING).token(Api.ADMIN).send();
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        for (JsonNode item : listed.json().get("items")) {
            if (item.get("issuanceId").asString().equals(issuanceId)) {
                return item;
            }
        }
        return null;
    }

    private static List<String> candidateIds(JsonNode report) {
        List<String> ids = new ArrayList<>();
        report.get("candidates")
                .forEach(candidate -> ids.add(candidate.get("accessKeyId").asString()));
        return ids;
    }

    private List<String> reportedKeys(long mark, String user) {
        return auditEvents.ofUserAfter(user, mark).stream()
                .filter(event -> event.outcome().equals("ORPHAN_AMBIGUOUS"))
                .map(AuditTrail.Event::accessKeyId)
                .toList();
    }

    private double ambiguousCount() {
        Counter counter = meters.find("keywarden.orphans.ambiguous").counter();
        return counter == null ? 0 : counter.count();
    }
}
