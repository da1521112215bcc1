package io.keywarden.issuance;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.sandbox.SandboxFault.Type;
import io.keywarden.support.Api;
import io.keywarden.support.AuditEvents;
import io.keywarden.support.KeywardenTest;
import io.keywarden.upstream.UpstreamIamClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/** Every row of the status table of docs/architecture.md#creating-a-key-without-losing-it for {@code POST /v1/access-keys}. */
@KeywardenTest
class CreateAccessKeyStatusTests extends IssuanceTestSupport {

    @Autowired
    UpstreamIamClient upstream;

    @Test
    void upstreamRejectionIs502WithItsRetCodeMessageAndRequestId() {
        String user = newUser();
        arm(Type.RET_CODE, null, null, 299);

        Api.Answer answer = api.createKey(Api.ISSUER, newIdempotencyKey(), user);

        assertThat(answer.status()).isEqualTo(502);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.json().get("retCode").asInt()).isEqualTo(299);
        assertThat(answer.text("upstreamMessage")).isNotBlank();
        assertThat(answer.text("upstreamRequestId")).isNotBlank();
        assertThat(upstreamKeyIds(user)).isEmpty();
        assertThat(auditOutcomes(user)).containsExactly("REJECTED");
    }

    @Test
    void aKeyOverTheLimitIs409BeforeAnyUpstreamCallNamingTheLimitAndTheLiveKeys() {
        String user = newUser();
        String first = api.createKey(Api.ISSUER, newIdempotencyKey(), user).text("accessKeyId");
        String second = api.createKey(Api.ISSUER, newIdempotencyKey(), user).text("accessKeyId");
        long createsSent = sandbox.callCount("CreateAccessKey");

        Api.Answer third = api.createKey(Api.ISSUER, newIdempotencyKey(), user);

        assertThat(third.status()).isEqualTo(409);
        assertThat(third.header("Content-Type")).startsWith("application/problem+json");
        assertThat(third.text("type")).isEqualTo("https://keywarden.io/problems/key-limit-reached");
        assertThat(third.text("title")).isEqualTo("Key limit reached");
        assertThat(third.json().get("limit").asInt()).isEqualTo(2);
        assertThat(third.text("userName")).isEqualTo(user);
        assertThat(third.json().get("liveKeys").findValuesAsString("accessKeyId"))
                .containsExactly(first, second);
        assertThat(third.text("detail")).contains("limit of 2", "Disable and delete");
        assertThat(third.json().has("retCode")).isFalse();
        assertThat(sandbox.callCount("CreateAccessKey")).isEqualTo(createsSent);
        assertThat(upstreamKeyIds(user)).containsExactly(first, second);
        assertThat(auditOutcomes(user)).containsExactly("SUCCEEDED", "SUCCEEDED", "INVALID");
    }

    @Test
    void aDisabledKeyStillHoldsItsSlotAndADeletedOneFreesIt() {
        String user = newUser();
        String first = api.createKey(Api.ISSUER, newIdempotencyKey(), user).text("accessKeyId");
        api.createKey(Api.ISSUER, newIdempotencyKey(), user);
        api.call("POST", Api.keyPath(first) + "/disable").token(Api.ADMIN).send();
        String idempotencyKey = newIdempotencyKey();

        Api.Answer whileDisabled = api.createKey(Api.ISSUER, idempotencyKey, user);
        api.call("DELETE", Api.keyPath(first)).token(Api.ADMIN).send();
        Api.Answer onceDeleted = api.createKey(Api.ISSUER, idempotencyKey, user);

        assertThat(whileDisabled.status()).isEqualTo(409);
        assertThat(whileDisabled.json().get("liveKeys").findValuesAsString("status"))
                .containsExactly("INACTIVE", "ACTIVE");
        assertThat(onceDeleted.status()).as(onceDeleted.toString()).isEqualTo(201);
        assertThat(onceDeleted.header("Idempotent-Replayed")).isNull();
        assertThat(upstreamKeyIds(user)).hasSize(2).contains(onceDeleted.text("accessKeyId"));
    }

    @Test
    void theUpstreamsOwnLimitRefusalIs409AndEndsTheAttemptCleanly() {
        String user = newUser();
        String managed = api.createKey(Api.ISSUER, newIdempotencyKey(), user).text("accessKeyId");
        String madeByHand = newUpstreamKeyId();
        sandbox.addKey(user, madeByHand).orElseThrow();
        String idempotencyKey = newIdempotencyKey();

        Api.Answer refused = api.createKey(Api.ISSUER, idempotencyKey, user);

        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.text("type")).isEqualTo("https://keywarden.io/problems/key-limit-reached");
        assertThat(refused.json().get("retCode").asInt()).isEqualTo(11105);
        assertThat(refused.text("upstreamRequestId")).isNotBlank();
        assertThat(refused.json().get("limit").asInt()).isEqualTo(2);
        assertThat(refused.json().get("liveKeys").findValuesAsString("accessKeyId"))
                .containsExactly(managed);
        assertThat(refused.text("detail")).contains("UNMANAGED", "Disable and delete");
        assertThat(issuanceState(idempotencyKey)).isEqualTo("FAILED");
        assertThat(auditEvents.ofUser(user).stream()
                        .filter(event -> event.outcome().equals("REJECTED"))
                        .map(event -> AuditEvents.line(
                                event.outcome(),
                                event.upstreamRetCode() == null
                                        ? null
                                        : event.upstreamRetCode().toString())))
                .containsExactly("REJECTED 11105");

        upstream.deleteAccessKey(madeByHand);
        Api.Answer retried = api.createKey(Api.ISSUER, idempotencyKey, user);

        assertThat(retried.status()).as(retried.toString()).isEqualTo(201);
        assertThat(upstreamKeyIds(user)).containsExactly(managed, retried.text("accessKeyId"));
        assertThat(auditOutcomes(user)).containsExactly("SUCCEEDED", "REJECTED", "SUCCEEDED");
    }

    @Test
    void concurrentCreatesForOneUserMakeTwoKeysAndAreOtherwiseRefusedAtTheLimitNeverLeftUnknown() throws Exception {
        String user = newUser();
        ExecutorService callers = Executors.newFixedThreadPool(5);
        List<Future<Api.Answer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                answers.add(callers.submit(() -> new Api(port).createKey(Api.ISSUER, newIdempotencyKey(), user)));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Api.Answer> answer : answers) {
                statuses.add(answer.get(30, TimeUnit.SECONDS).status());
            }

            assertThat(statuses)
                    .containsOnly(201, 409)
                    .filteredOn(status -> status == 201)
                    .hasSize(2);
        } finally {
            callers.shutdownNow();
        }
        assertThat(upstreamKeyIds(user)).hasSize(2);
        assertThat(jdbc.queryForList("SELECT DISTINCT state FROM issuance WHERE user_name = ?", String.class, user))
                .isSubsetOf("SUCCEEDED", "FAILED");
    }

    @Test
    void aReplayIsServedWhenTheUserHasReachedTheLimitSince() {
        String user = newUser();
        String idempotencyKey = newIdempotencyKey();
        Api.Answer first = api.createKey(Api.ISSUER, idempotencyKey, user);
        api.createKey(Api.ISSUER, newIdempotencyKey(), user);

        Api.Answer replayed = api.createKey(Api.ISSUER, idempotencyKey, user);

        assertThat(replayed.status()).isEqualTo(201);
        assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replayed.body()).isEqualTo(first.body());
    }

    @Test
    void theEmptyKeySuccessIs502() {
        String user = newUser();
        arm(Type.EMPTY_ACCESS_KEY, null, null, null);

        Api.Answer answer = api.createKey(Api.ISSUER, newIdempotencyKey(), user);

        assertThat(answer.status()).isEqualTo(502);
        assertThat(answer.json().get("retCode").asInt()).isZero();
        assertThat(auditOutcomes(user)).containsExactly("REJECTED");
    }

    @Test
    void throttlingIs503WithRetryAfter() {
        String user = newUser();
        arm(Type.THROTTLE, null, null, null);

        Api.Answer answer = api.createKey(Api.ISSUER, newIdempotencyKey(), user);

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.header("Retry-After")).matches("\\d+");
        assertThat(upstreamKeyIds(user)).isEmpty();
        assertThat(auditOutcomes(user)).containsExactly("UPSTREAM_UNAVAILABLE");
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 503})
    void anUpstreamThatRefusesBeforeActingIs503(int status) {
        String user = newUser();
        arm(Type.HTTP_STATUS, status, null, null);

        Api.Answer answer = api.createKey(Api.ISSUER, newIdempotencyKey(), user);

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.header("Retry-After")).isNotNull();
        assertThat(auditOutcomes(user)).containsExactly("UPSTREAM_UNAVAILABLE");
    }

    @Test
    void aTimeoutAfterSendingIs504AndLeavesTheIssuanceUnknown() {
        String user = newUser();
        String idempotencyKey = newIdempotencyKey();
        arm(Type.NO_ANSWER, null, Duration.ofSeconds(3), null);

        Api.Answer answer = api.createKey(Api.ISSUER, idempotencyKey, user);

        assertThat(answer.status()).isEqualTo(504);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(issuanceState(idempotencyKey)).isEqualTo("OUTCOME_UNKNOWN");
        assertThat(auditOutcomes(user)).containsExactly("OUTCOME_UNKNOWN");
    }

    @Test
    void aDroppedConnectionIs504() {
        String user = newUser();
        arm(Type.DROP_CONNECTION, null, null, null);

        assertThat(api.createKey(Api.ISSUER, newIdempotencyKey(), user).status())
                .isEqualTo(504);
    }

    @Test
    void malformedJsonFromTheUpstreamIs504() {
        String user = newUser();
        arm(Type.MALFORMED_JSON, null, null, null);

        assertThat(api.createKey(Api.ISSUER, newIdempotencyKey(), user).status())
                .isEqualTo(504);
    }

    @Test
    void aMissingIdempotencyKeyIs400AndAudited() {
        String user = newUser();

        Api.Answer answer = api.call("POST", "/v1/access-keys")
                .token(Api.ISSUER)
                .json("{\"userName\":\"" + user + "\"}")
                .send();

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text("detail")).contains("Idempotency-Key");
        assertThat(upstreamKeyIds(user)).isEmpty();
        assertThat(auditEvents.matching("test-issuer", null, "INVALID"))
                .anySatisfy(event -> assertThat(event.detail()).contains("Idempotency-Key"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"userName\":\"\"}",
                "{\"userName\":\"team-a b\"}",
                "{\"userName\":\"team-" + "x" + "\",\"unknown\":1}",
                "{\"userName\":\"team-x\",\"userName\":\"team-y\"}",
                "{\"userName\":42}",
                "{\"userName\":\"team-x\"",
                "[]",
                "",
            })
    void badBodiesAre400Problems(String body) {
        Api.Answer answer = api.call("POST", "/v1/access-keys")
                .token(Api.ISSUER)
                .header("Idempotency-Key", newIdempotencyKey())
                .json(body)
                .send();

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.text("title")).isNotBlank();
    }

    @Test
    void aTooLongDescriptionIs400() {
        Api.Answer answer = api.call("POST", "/v1/access-keys")
                .token(Api.ISSUER)
                .header("Idempotency-Key", newIdempotencyKey())
                .json("{\"userName\":\"team-x\",\"description\":\"" + "d".repeat(256) + "\"}")
                .send();

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text("detail")).contains("description");
    }

    @Test
    void aWrongContentTypeIs415AndAudited() {
        String detail = "415 Content-Type 'text/plain' is not accepted here; send Content-Type: application/json.";
        int auditedBefore = invalidCreatesAudited(detail);

        Api.Answer answer = api.call("POST", "/v1/access-keys")
                .token(Api.ISSUER)
                .header("Idempotency-Key", newIdempotencyKey())
                .header("Content-Type", "text/plain")
                .body("userName=team-x")
                .send();

        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(invalidCreatesAudited(detail)).isEqualTo(auditedBefore + 1);
    }

    private int invalidCreatesAudited(String detail) {
        return (int) auditEvents.matching("test-issuer", "CREATE_ACCESS_KEY", "INVALID").stream()
                .filter(event -> event.detail() != null && event.detail().startsWith(detail.substring(0, 12)))
                .count();
    }

    @Test
    void aBodyOver16KiBIs413() {
        Api.Answer answer = api.call("POST", "/v1/access-keys")
                .token(Api.ISSUER)
                .header("Idempotency-Key", newIdempotencyKey())
                .json("{\"userName\":\"team-x\",\"description\":\"" + "d".repeat(17 * 1024) + "\"}")
                .send();

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void withoutATokenIs401Problem() {
        Api.Answer answer = api.call("POST", "/v1/access-keys")
                .header("Idempotency-Key", newIdempotencyKey())
                .json("{\"userName\":\"team-x\"}")
                .send();

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.json().get("status").asInt()).isEqualTo(401);
    }

    @Test
    void aWrongOrMalformedTokenIs401Problem() {
        Api.Answer wrong = api.createKey("not-a-known-token", newIdempotencyKey(), "team-x");
        Api.Answer malformed = api.call("GET", "/v1/access-keys")
                .header("Authorization", "Basic Zm9vOmJhcg==")
                .send();

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(malformed.status()).isEqualTo(401);
        assertThat(malformed.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void anAuditorMayNotCreate() {
        Api.Answer answer = api.createKey(Api.AUDITOR, newIdempotencyKey(), newUser());

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(auditEvents.matching("test-auditor", null, "DENIED")).isNotEmpty();
    }

    @Test
    void aUserOutsideTheCallersScopeIs403AndAudited() {
        String user = newUser();

        Api.Answer answer = api.createKey(Api.NARROW_ISSUER, newIdempotencyKey(), user);

        assertThat(answer.status()).isEqualTo(403);
        assertThat(upstreamKeyIds(user)).isEmpty();
        assertThat(auditOutcomes(user)).containsExactly("DENIED");
    }
}
