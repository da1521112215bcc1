package io.keywarden.issuance;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.support.Api;
import io.keywarden.support.KeywardenTest;
import io.keywarden.upstream.sandbox.SandboxFault.Type;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every row of the status table of docs/architecture.md#creating-a-key-without-losing-it for {@code POST /v1/access-keys}. */
@KeywardenTest
class CreateAccessKeyStatusTests extends IssuanceTestSupport {

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
    void theKeyLimitIs502AndChangesNothing() {
        String user = newUser();
        api.createKey(Api.ISSUER, newIdempotencyKey(), user);
        api.createKey(Api.ISSUER, newIdempotencyKey(), user);

        Api.Answer third = api.createKey(Api.ISSUER, newIdempotencyKey(), user);

        assertThat(third.status()).isEqualTo(502);
        assertThat(third.json().get("retCode").asInt()).isGreaterThanOrEqualTo(2000);
        assertThat(upstreamKeyIds(user)).hasSize(2);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM access_key WHERE user_name = ?", Integer.class, user))
                .isEqualTo(2);
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
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM audit_event WHERE actor = 'test-issuer' AND outcome = 'INVALID'"
                                + " AND detail LIKE '%Idempotency-Key%'",
                        Integer.class))
                .isPositive();
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
        return jdbc.queryForObject(
                "SELECT count(*) FROM audit_event WHERE actor = 'test-issuer' AND action = 'CREATE_ACCESS_KEY'"
                        + " AND outcome = 'INVALID' AND detail LIKE ?",
                Integer.class,
                detail.substring(0, 12) + "%");
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
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM audit_event WHERE actor = 'test-auditor' AND outcome = 'DENIED'",
                        Integer.class))
                .isPositive();
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
