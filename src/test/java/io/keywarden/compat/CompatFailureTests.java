package io.keywarden.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.audit.AuditTrail;
import io.keywarden.sandbox.SandboxFault.Type;
import io.keywarden.support.Api;
import io.keywarden.support.KeywardenTest;
import org.junit.jupiter.api.Test;

@KeywardenTest
class CompatFailureTests extends CompatTestSupport {

    @Test
    void anUpstreamRetCodeAndMessagePassThrough() {
        String user = newUser();
        arm(Type.RET_CODE, 12345, "IAM user not found");

        Api.Answer answer = create(newIdempotencyKey(), user);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body())
                .isEqualTo("{\"RetCode\":12345,\"Action\":\"CreateAccessKeyResponse\","
                        + "\"Message\":\"IAM user not found\"}");
        assertThat(auditOutcomes(user)).containsExactly("REJECTED");
    }

    @Test
    void aUserAtTheLimitGetsTheUpstreamsLimitRetCodeBeforeAnyUpstreamCall() {
        String user = newUser();
        create(newIdempotencyKey(), user);
        create(newIdempotencyKey(), user);
        long createsSent = sandbox.callCount("CreateAccessKey");

        Api.Answer third = create(newIdempotencyKey(), user);

        assertThat(third.status()).isEqualTo(200);
        assertThat(third.json().get("RetCode").asInt()).isEqualTo(11105);
        assertThat(third.json().get("Action").asString()).isEqualTo("CreateAccessKeyResponse");
        assertThat(third.json().get("Message").asString()).contains("limit of 2", "Disable and delete");
        assertThat(third.json().has("AccessKey")).isFalse();
        assertThat(sandbox.callCount("CreateAccessKey")).isEqualTo(createsSent);
        assertThat(auditOutcomes(user)).containsExactly("SUCCEEDED", "SUCCEEDED", "INVALID");
    }

    @Test
    void theUpstreamsOwnLimitRefusalKeepsItsRetCodeAndSaysWhatHoldsTheSlots() {
        String user = newUser();
        sandbox.addKey(user, newUpstreamKeyId()).orElseThrow();
        sandbox.addKey(user, newUpstreamKeyId()).orElseThrow();

        Api.Answer answer = create(newIdempotencyKey(), user);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("RetCode").asInt()).isEqualTo(11105);
        assertThat(answer.json().get("Message").asString()).contains("Keywarden records 0 live keys", "UNMANAGED");
        assertThat(auditOutcomes(user)).containsExactly("REJECTED");
    }

    @Test
    void anEmptyKeyFromTheUpstreamIsNoSuccess() {
        String user = newUser();
        arm(Type.EMPTY_ACCESS_KEY, null, null);

        Api.Answer answer = create(newIdempotencyKey(), user);

        assertThat(answer.json().get("RetCode").asInt()).isEqualTo(9502);
        assertThat(answer.json().has("AccessKey")).isFalse();
    }

    @Test
    void anInvalidUserNameIsRetCode230() {
        Api.Answer answer = create(newIdempotencyKey(), "not%20valid");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body())
                .isEqualTo("{\"RetCode\":230,\"Action\":\"CreateAccessKeyResponse\","
                        + "\"Message\":\"Params [UserName] not available\"}");
        assertThat(auditEvents.newest(
                        event -> event.detail() != null && event.detail().contains("userName must match")))
                .map(AuditTrail.Event::outcome)
                .contains("INVALID");
    }

    @Test
    void aMissingUserNameAndABadIdempotencyKeyAreRetCode230() {
        Api.Answer noUser = create(newIdempotencyKey(), "");
        Api.Answer badKey = create("k".repeat(256), newUser());

        assertThat(noUser.json().get("Message").asString()).isEqualTo("Params [UserName] not available");
        assertThat(badKey.json().get("RetCode").asInt()).isEqualTo(230);
        assertThat(badKey.json().get("Message").asString()).isEqualTo("Params [Idempotency-Key] not available");
    }

    @Test
    void anUnknownActionIs161AndAMissingOneIs160() {
        Api.Answer unknown = formPost(Api.ISSUER, null, "Action=DeleteUser&UserName=" + newUser());
        Api.Answer missing = formPost(Api.ISSUER, null, "UserName=" + newUser());

        assertThat(unknown.status()).isEqualTo(200);
        assertThat(unknown.body())
                .isEqualTo("{\"RetCode\":161,\"Action\":\"CreateAccessKeyResponse\","
                        + "\"Message\":\"Action [DeleteUser] not found\"}");
        assertThat(missing.json().get("RetCode").asInt()).isEqualTo(160);
    }

    @Test
    void anOutOfScopeUserIsNotAllowedAndNothingIsCreated() {
        String user = newUser();

        Api.Answer answer = formPost(Api.NARROW_ISSUER, newIdempotencyKey(), "Action=CreateAccessKey&UserName=" + user);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("RetCode").asInt()).isEqualTo(9403);
        assertThat(answer.json().get("Message").asString()).contains("may not manage keys of " + user);
        assertThat(upstreamKeys(user)).isEmpty();
        assertThat(auditOutcomes(user)).containsExactly("DENIED");
    }

    @Test
    void theSameIdempotencyKeyWithAnotherUserIsRetCode9422() {
        String key = newIdempotencyKey();
        create(key, newUser());

        Api.Answer other = create(key, newUser());

        assertThat(other.json().get("RetCode").asInt()).isEqualTo(9422);
    }

    @Test
    void noTokenIsHttp401() {
        Api.Answer answer = api.call("POST", "/v1/compat")
                .header("Content-Type", FORM)
                .body("Action=CreateAccessKey&UserName=" + newUser())
                .send();

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void aRoleThatMayNotCreateIsHttp403() {
        String user = newUser();

        Api.Answer answer = api.call("GET", "/v1/compat?Action=CreateAccessKey&UserName=" + user)
                .token(Api.AUDITOR)
                .send();

        assertThat(answer.status()).isEqualTo(403);
        assertThat(upstreamKeys(user)).isEmpty();
    }
}
