package io.keywarden.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.sandbox.SandboxKey;
import io.keywarden.support.Api;
import io.keywarden.support.KeywardenTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@KeywardenTest
class CompatCreateTests extends CompatTestSupport {

    @Test
    void aFormPostCreatesAKeyAndAnswersTheUpstreamsEnvelope() {
        String user = newUser();

        Api.Answer answer = formPost(
                Api.ISSUER,
                newIdempotencyKey(),
                "Action=CreateAccessKey&UserName=" + user + "&Description=CI+deploy+key");

        assertCreated(answer, user, "CI deploy key");
        assertThat(answer.header("Idempotent-Replayed")).isNull();
        assertThat(auditOutcomes(user)).containsExactly("SUCCEEDED");
    }

    @Test
    void aJsonPostCreatesAKeyAndAnswersTheUpstreamsEnvelope() {
        String user = newUser();

        Api.Answer answer = api.call("POST", "/v1/compat")
                .token(Api.ISSUER)
                .header("Idempotency-Key", newIdempotencyKey())
                .json("{\"Action\":\"CreateAccessKey\",\"UserName\":\"" + user + "\",\"Description\":\"json key\"}")
                .send();

        assertCreated(answer, user, "json key");
    }

    @Test
    void aGetWithQueryParametersCreatesAKeyAndAnswersTheUpstreamsEnvelope() {
        String user = newUser();

        Api.Answer answer = api.call("GET", "/v1/compat?Action=CreateAccessKey&UserName=" + user)
                .token(Api.ISSUER)
                .header("Idempotency-Key", newIdempotencyKey())
                .send();

        assertCreated(answer, user, "");
    }

    @Test
    void theSameIdempotencyKeyAgainReplaysTheIdenticalEnvelopeWithoutCallingTheUpstream() {
        String user = newUser();
        String key = newIdempotencyKey();
        Api.Answer first = create(key, user);
        long creates = sandbox.callCount("CreateAccessKey");

        Api.Answer again = create(key, user);

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.header("Cache-Control")).contains("no-store");
        assertThat(sandbox.callCount("CreateAccessKey")).isEqualTo(creates);
        assertThat(upstreamKeys(user)).hasSize(1);
        assertThat(auditOutcomes(user)).containsExactly("SUCCEEDED", "REPLAYED");
    }

    @Test
    void withoutAnIdempotencyKeyTwoIdenticalCallsCreateTwoKeysAndTheAuditSaysNotReplayable() {
        String user = newUser();

        Api.Answer first = create(null, user);
        Api.Answer second = create(null, user);

        assertThat(first.json().get("RetCode").asInt()).isZero();
        assertThat(second.json().get("RetCode").asInt()).isZero();
        assertThat(second.header("Idempotent-Replayed")).isNull();
        assertThat(second.json().get("AccessKey").get("AccessKeyID").asString())
                .isNotEqualTo(first.json().get("AccessKey").get("AccessKeyID").asString());
        assertThat(upstreamKeys(user)).hasSize(2);
        assertThat(auditOutcomes(user)).containsExactly("SUCCEEDED", "SUCCEEDED");
        assertThat(auditDetails(user)).allSatisfy(detail -> assertThat(detail).contains("not replayable"));
        assertThat(jdbc.queryForList("SELECT idempotency_key FROM audit_event WHERE user_name = ?", String.class, user))
                .containsOnlyNulls();
    }

    @Test
    void theCompatAndTheNativeApiShareOneIdempotencyKeySpace() {
        String user = newUser();
        String key = newIdempotencyKey();
        String nativeKeyId = api.createKey(Api.ISSUER, key, user).text("accessKeyId");

        Api.Answer compat =
                formPost(Api.ISSUER, key, "Action=CreateAccessKey&UserName=" + user + "&Description=test+key");

        assertThat(compat.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(compat.json().get("AccessKey").get("AccessKeyID").asString()).isEqualTo(nativeKeyId);
        assertThat(upstreamKeys(user)).hasSize(1);
    }

    private void assertCreated(Api.Answer answer, String user, String description) {
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Cache-Control")).contains("no-store");
        JsonNode envelope = answer.json();
        assertThat(names(envelope)).containsExactly("RetCode", "Action", "AccessKey");
        assertThat(envelope.get("RetCode").asInt()).isZero();
        assertThat(envelope.get("Action").asString()).isEqualTo("CreateAccessKeyResponse");
        JsonNode key = envelope.get("AccessKey");
        assertThat(names(key))
                .containsExactly(
                        "AccessKeyID",
                        "UserId",
                        "AccessKeySecret",
                        "Description",
                        "Status",
                        "CreatedAt",
                        "ExpiredAt",
                        "UpdatedAt",
                        "DeletedAt");
        List<SandboxKey> upstream = upstreamKeys(user);
        assertThat(upstream).hasSize(1);
        SandboxKey created = upstream.get(0);
        assertThat(key.get("AccessKeyID").asString()).isEqualTo(created.accessKeyId());
        assertThat(key.get("UserId").asLong()).isEqualTo(created.userId());
        assertThat(key.get("AccessKeySecret").asString()).isEqualTo(created.secret());
        assertThat(key.get("Description").asString()).isEqualTo(description);
        assertThat(key.get("Status").asString()).isEqualTo("Active");
        assertThat(key.get("CreatedAt").asLong()).isEqualTo(created.createdAt());
        assertThat(key.get("ExpiredAt").asLong()).isZero();
        assertThat(key.get("UpdatedAt").asLong()).isEqualTo(created.updatedAt());
        assertThat(key.get("DeletedAt").asLong()).isZero();
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }
}
