package io.keywarden.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.jobs.internal.JobOutcome;
import io.keywarden.jobs.internal.JobRunReport;
import io.keywarden.jobs.internal.JobRunner;
import io.keywarden.jobs.internal.JobTrigger;
import io.keywarden.sandbox.SandboxFault;
import io.keywarden.sandbox.SandboxKey;
import io.keywarden.sandbox.SandboxKeyStatus;
import io.keywarden.support.Api;
import io.keywarden.support.ApplicationTestBase;
import io.keywarden.support.AuditEvents;
import io.keywarden.support.KeywardenTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Rotation end to end: the successor, the grace period, the retirement, and what must not change. */
@KeywardenTest
class RotationTests extends ApplicationTestBase {

    @Autowired
    JobRunner jobs;

    @Autowired
    RetirementJob retirement;

    String user;

    @BeforeEach
    void setUp() {
        user = newUser();
    }

    @Test
    void rotateIssuesTheSuccessorAndKeepsTheOldKeyWorkingUntilItIsRetired() {
        String old = create();

        Api.Answer rotated = rotate(old, "rotate-" + UUID.randomUUID());

        assertThat(rotated.status()).isEqualTo(201);
        String successor = rotated.text("accessKeyId");
        assertThat(rotated.text("rotatedFrom")).isEqualTo(old);
        assertThat(rotated.text("accessKeySecret")).isNotBlank();
        assertThat(rotated.header("Location")).isEqualTo(Api.keyPath(successor));
        Api.Answer oldNow = read(old);
        assertThat(oldNow.text("status")).isEqualTo("ROTATING");
        assertThat(Instant.parse(oldNow.text("retireAt")))
                .isAfter(Instant.now().plus(Duration.ofDays(6)))
                .isBefore(Instant.now().plus(Duration.ofDays(8)));
        assertThat(upstreamStatus(old)).isEqualTo(SandboxKeyStatus.ACTIVE);

        graceEnds(old);
        JobRunReport run = jobs.run(retirement, JobTrigger.MANUAL).orElseThrow();

        assertThat(run.changed()).isGreaterThanOrEqualTo(1);
        assertThat(upstreamIds()).containsExactly(successor);
        assertThat(read(old).text("status")).isEqualTo("DELETED");
        assertThat(read(successor).text("status")).isEqualTo("ACTIVE");
        assertThat(audit())
                .containsExactly(
                        "CREATE_ACCESS_KEY SUCCEEDED",
                        "SUPERSEDE_ACCESS_KEY SUCCEEDED",
                        "ROTATE_ACCESS_KEY SUCCEEDED",
                        "RETIRE_ACCESS_KEY SUCCEEDED",
                        "RETIRE_ACCESS_KEY SUCCEEDED");
    }

    @Test
    void aRotateAgainWithTheSameKeyReplaysWithoutASecondSuccessor() {
        String old = create();
        String idempotencyKey = "rotate-" + UUID.randomUUID();
        Api.Answer first = rotate(old, idempotencyKey);

        Api.Answer again = rotate(old, idempotencyKey);

        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(upstreamIds()).hasSize(2);
    }

    @Test
    void onlyAnActiveKeyCanBeRotated() {
        String rotating = create();
        rotate(rotating, "rotate-" + UUID.randomUUID());
        String inactive = api.createKey(Api.ISSUER, "create-" + UUID.randomUUID(), user + "-b")
                .text("accessKeyId");
        api.call("POST", Api.keyPath(inactive) + "/disable").token(Api.ADMIN).send();

        Api.Answer ofRotating = rotate(rotating, "rotate-" + UUID.randomUUID());
        Api.Answer ofInactive = rotate(inactive, "rotate-" + UUID.randomUUID());

        assertThat(ofRotating.status()).isEqualTo(409);
        assertThat(ofRotating.text("detail")).contains("ROTATING");
        assertThat(ofInactive.status()).isEqualTo(409);
        assertThat(ofInactive.text("detail")).contains("INACTIVE");
    }

    @Test
    void aDeletedKeyCannotBeRotated() {
        String old = create();
        api.call("DELETE", Api.keyPath(old)).token(Api.ADMIN).send();

        Api.Answer answer = rotate(old, "rotate-" + UUID.randomUUID());

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void rotatingWithTwoLiveKeysIs409WithWhatToDoBeforeAnyUpstreamCall() {
        String old = create();
        String other = create();
        long createsSent = sandbox.callCount("CreateAccessKey");

        Api.Answer answer = rotate(old, "rotate-" + UUID.randomUUID());

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.text("type")).isEqualTo("https://keywarden.io/problems/key-limit-reached");
        assertThat(answer.json().get("limit").asInt()).isEqualTo(2);
        assertThat(answer.json().get("liveKeys").findValuesAsString("accessKeyId"))
                .containsExactly(old, other);
        assertThat(answer.text("detail")).contains("disable and delete one of the user's other keys first");
        assertThat(sandbox.callCount("CreateAccessKey")).isEqualTo(createsSent);
        assertThat(read(old).text("status")).isEqualTo("ACTIVE");
        assertThat(read(old).text("retireAt")).isNull();
        assertThat(upstreamIds()).containsExactly(old, other);
        assertThat(keyAudit(old))
                .containsExactly("CREATE_ACCESS_KEY SUCCEEDED " + user, "ROTATE_ACCESS_KEY INVALID " + user);
    }

    @Test
    void rotatingTheSuccessorInItsPredecessorsGracePeriodNamesWhenTheSlotFrees() {
        String old = create();
        String successor = rotate(old, "rotate-" + UUID.randomUUID()).text("accessKeyId");
        String retireAt = read(old).text("retireAt");

        Api.Answer inGrace = rotate(successor, "rotate-" + UUID.randomUUID());

        assertThat(inGrace.status()).isEqualTo(409);
        assertThat(inGrace.json().get("liveKeys").get(0).get("status").asString())
                .isEqualTo("ROTATING");
        assertThat(Instant.parse(
                        inGrace.json().get("liveKeys").get(0).get("retireAt").asString()))
                .isEqualTo(Instant.parse(retireAt));
        assertThat(inGrace.text("detail")).contains("Key " + old + " is ROTATING", "grace period ends");

        graceEnds(old);
        jobs.run(retirement, JobTrigger.MANUAL).orElseThrow();
        Api.Answer afterRetirement = rotate(successor, "rotate-" + UUID.randomUUID());

        assertThat(afterRetirement.status()).as(afterRetirement.toString()).isEqualTo(201);
    }

    @Test
    void whenTheUpstreamItselfRefusesTheSuccessorTheAnswerIs409AndNothingChanges() {
        String old = create();
        sandbox.addKey(user, newUpstreamKeyId()).orElseThrow();

        Api.Answer answer = rotate(old, "rotate-" + UUID.randomUUID());

        assertThat(answer.status()).as(answer.toString()).isEqualTo(409);
        assertThat(answer.text("type")).isEqualTo("https://keywarden.io/problems/key-limit-reached");
        assertThat(answer.json().get("retCode").asInt()).isEqualTo(11105);
        assertThat(answer.text("detail")).contains("disable and delete one of the user's other keys first");
        assertThat(read(old).text("status")).isEqualTo("ACTIVE");
        assertThat(read(old).text("retireAt")).isNull();
        assertThat(keyAudit(old))
                .containsExactly("CREATE_ACCESS_KEY SUCCEEDED " + user, "ROTATE_ACCESS_KEY REJECTED " + user);
    }

    @Test
    void aKeyOutsideTheCallersScopeCannotBeRotated() {
        String old = create();

        Api.Answer answer = api.call("POST", Api.keyPath(old) + "/rotate")
                .token(Api.NARROW_ISSUER)
                .header("Idempotency-Key", "rotate-" + UUID.randomUUID())
                .send();

        assertThat(answer.status()).isEqualTo(404);
        assertThat(upstreamIds()).hasSize(1);
    }

    @Test
    void aFailedRetirementStepIsRetriedOnTheNextRunNeverSkipped() {
        String old = create();
        String successor = rotate(old, "rotate-" + UUID.randomUUID()).text("accessKeyId");
        graceEnds(old);
        sandbox.arm(
                new SandboxFault(SandboxFault.Type.HTTP_STATUS, "DeleteAccessKey", null, 503, null, null, null, null));

        JobRunReport failed = jobs.run(retirement, JobTrigger.MANUAL).orElseThrow();

        assertThat(failed.failed()).isGreaterThanOrEqualTo(1);
        assertThat(failed.outcome()).isEqualTo(JobOutcome.PARTIAL);
        assertThat(upstreamStatus(old)).isEqualTo(SandboxKeyStatus.INACTIVE);
        assertThat(read(old).text("status")).isEqualTo("INACTIVE");

        sandbox.clearFaults();
        jobs.run(retirement, JobTrigger.MANUAL).orElseThrow();

        assertThat(upstreamIds()).containsExactly(successor);
        assertThat(read(old).text("status")).isEqualTo("DELETED");
        assertThat(audit()).contains("RETIRE_ACCESS_KEY UPSTREAM_UNAVAILABLE");
    }

    @Test
    void oldActiveKeysAreListedAsDueForRotation() {
        String old = create();
        String fresh = create();
        jdbc.update("UPDATE access_key SET created_at = now() - interval '91 days' WHERE access_key_id = ?", old);

        Api.Answer due = api.call("GET", "/v1/access-keys?dueForRotation=true&userName=" + user)
                .token(Api.ISSUER)
                .send();

        assertThat(due.json().get("items")).hasSize(1);
        assertThat(due.json().get("items").get(0).get("accessKeyId").asString()).isEqualTo(old);
        assertThat(due.body()).doesNotContain(fresh);
    }

    private String create() {
        return api.createKey(Api.ISSUER, "create-" + UUID.randomUUID(), user).text("accessKeyId");
    }

    private Api.Answer rotate(String accessKeyId, String idempotencyKey) {
        return api.call("POST", Api.keyPath(accessKeyId) + "/rotate")
                .token(Api.ISSUER)
                .header("Idempotency-Key", idempotencyKey)
                .send();
    }

    private Api.Answer read(String accessKeyId) {
        return api.call("GET", Api.keyPath(accessKeyId)).token(Api.ISSUER).send();
    }

    private void graceEnds(String accessKeyId) {
        jdbc.update(
                "UPDATE access_key SET retire_at = now() - interval '1 second' WHERE access_key_id = ?", accessKeyId);
    }

    private List<String> upstreamIds() {
        return sandbox.keysOf(user).stream().map(SandboxKey::accessKeyId).toList();
    }

    private SandboxKeyStatus upstreamStatus(String accessKeyId) {
        return sandbox.keysOf(user).stream()
                .filter(k -> k.accessKeyId().equals(accessKeyId))
                .findFirst()
                .orElseThrow()
                .status();
    }

    /** A key's own history: the events that name it, with their user. */
    private List<String> keyAudit(String accessKeyId) {
        return auditEvents.ofKey(accessKeyId).stream()
                .map(event -> AuditEvents.line(event.action(), event.outcome(), event.userName()))
                .toList();
    }

    private List<String> audit() {
        return auditEvents.actionsOf(user);
    }
}
