package io.keywarden.sandbox;

import static io.keywarden.sandbox.SignedRequests.signed;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SandboxUpstreamTests {

    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    private static final String UNKNOWN_ID = "+/9fURdfmduo0fV1E4UwHmQdISlyTkCYk7SAccHTaDs=";

    private final SandboxUpstream upstream =
            new SandboxUpstream(SignedRequests.settings(), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void missingActionIsRetCode160WithoutAction() {
        JsonNode answer = body(upstream.handle(Map.of("PublicKey", SignedRequests.PUBLIC_KEY)));

        assertThat(answer.get("RetCode").asInt()).isEqualTo(160);
        assertThat(answer.has("Action")).isFalse();
    }

    @Test
    void unknownActionIsRetCode161NamingIt() {
        JsonNode answer = body(upstream.handle(signed("GetAccessKey", "UserName", "alice")));

        assertThat(answer.get("RetCode").asInt()).isEqualTo(161);
        assertThat(answer.get("Action").asString()).isEqualTo("GetAccessKeyResponse");
        assertThat(answer.get("Message").asString()).isEqualTo("Action [GetAccessKey] not found");
    }

    @Test
    void missingSignatureIsRetCode170() {
        Map<String, String> request = new HashMap<>(signed("ListAccessKeys", "UserName", "alice"));
        request.remove("Signature");

        assertThat(body(upstream.handle(request)).get("RetCode").asInt()).isEqualTo(170);
    }

    @Test
    void wrongSignatureIsRetCode171() {
        Map<String, String> request = new HashMap<>(signed("ListAccessKeys", "UserName", "alice"));
        request.put("UserName", "mallory");

        JsonNode answer = body(upstream.handle(request));

        assertThat(answer.get("RetCode").asInt()).isEqualTo(171);
        assertThat(answer.get("Message").asString()).isEqualTo("Signature VerifyAC Error");
    }

    @Test
    void unknownPublicKeyIsRetCode172() {
        Map<String, String> request = new HashMap<>(signed("ListAccessKeys", "UserName", "alice"));
        request.put("PublicKey", "someone-else");

        JsonNode answer = body(upstream.handle(request));

        assertThat(answer.get("RetCode").asInt()).isEqualTo(172);
        assertThat(answer.get("Message").asString()).isEqualTo("User Not Exists");
    }

    @Test
    void missingUserNameIsRetCode230NamingIt() {
        JsonNode answer = body(upstream.handle(signed("CreateAccessKey")));

        assertThat(answer.get("RetCode").asInt()).isEqualTo(230);
        assertThat(answer.get("Message").asString()).isEqualTo("Params [UserName] not available");
    }

    @Test
    void invalidStatusIsRetCode230() {
        String id = createdId("alice");

        JsonNode answer = body(upstream.handle(signed("UpdateAccessKey", "AccessKeyID", id, "Status", "Gone")));

        assertThat(answer.get("Message").asString()).isEqualTo("Params [Status] not available");
    }

    @Test
    void createAnswersAnActiveKeyWithSecretAndUnixTimes() {
        SandboxAnswer answer = upstream.handle(signed("CreateAccessKey", "UserName", "alice"));
        JsonNode key = body(answer).get("AccessKey");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.requestId()).isNotBlank();
        assertThat(body(answer).get("Action").asString()).isEqualTo("CreateAccessKeyResponse");
        assertThat(key.get("AccessKeyID").asString()).matches("[A-Za-z0-9+/]{43}=");
        assertThat(key.get("AccessKeySecret").asString()).hasSize(40);
        assertThat(key.get("Status").asString()).isEqualTo("Active");
        assertThat(key.get("UserId").isIntegralNumber()).isTrue();
        assertThat(key.get("CreatedAt").asLong()).isEqualTo(NOW.getEpochSecond());
        assertThat(key.get("ExpiredAt").asLong()).isZero();
        assertThat(key.get("DeletedAt").asLong()).isZero();
        assertThat(upstream.keysOf("alice"))
                .singleElement()
                .satisfies(stored -> assertThat(stored.accessKeyId())
                        .isEqualTo(key.get("AccessKeyID").asString()));
    }

    @Test
    void listAnswersAnArrayWithSecretsUnlessTurnedOff() {
        createdId("alice");
        SandboxUpstream withoutSecrets = new SandboxUpstream(new SandboxSettings(
                Map.of(SignedRequests.PUBLIC_KEY, SignedRequests.PRIVATE_KEY), 2, 0, Duration.ZERO, false));
        withoutSecrets.handle(signed("CreateAccessKey", "UserName", "alice"));

        JsonNode listed = body(upstream.handle(signed("ListAccessKeys", "UserName", "alice")))
                .get("AccessKey");
        JsonNode listedWithout = body(withoutSecrets.handle(signed("ListAccessKeys", "UserName", "alice")))
                .get("AccessKey");

        assertThat(listed.isArray()).isTrue();
        assertThat(listed.get(0).has("AccessKeySecret")).isTrue();
        assertThat(listedWithout.get(0).has("AccessKeySecret")).isFalse();
    }

    @Test
    void userIdStaysTheSameForAUser() {
        createdId("alice");
        createdId("alice");

        assertThat(upstream.keysOf("alice"))
                .extracting(SandboxKey::userId)
                .containsOnly(upstream.keysOf("alice").get(0).userId());
    }

    @Test
    void updateChangesStatusAndDescription() {
        String id = createdId("alice");

        JsonNode answer = body(upstream.handle(
                signed("UpdateAccessKey", "AccessKeyID", id, "Status", "Inactive", "Description", "old")));

        assertThat(answer.get("RetCode").asInt()).isZero();
        assertThat(upstream.keysOf("alice")).singleElement().satisfies(key -> {
            assertThat(key.status()).isEqualTo(SandboxKeyStatus.INACTIVE);
            assertThat(key.description()).isEqualTo("old");
        });
    }

    @Test
    void updateOrDeleteOfAnUnknownKeyIsAProductRetCode() {
        JsonNode update =
                body(upstream.handle(signed("UpdateAccessKey", "AccessKeyID", UNKNOWN_ID, "Status", "Active")));
        JsonNode delete = body(upstream.handle(signed("DeleteAccessKey", "AccessKeyID", UNKNOWN_ID)));

        assertThat(update.get("RetCode").asInt()).isGreaterThanOrEqualTo(2000);
        assertThat(delete.get("RetCode").asInt()).isGreaterThanOrEqualTo(2000);
        assertThat(delete.get("Message").asString()).contains(UNKNOWN_ID);
    }

    @Test
    void keyLimitCountsInactiveKeysButNotDeletedOnes() {
        String first = createdId("alice");
        createdId("alice");
        upstream.handle(signed("UpdateAccessKey", "AccessKeyID", first, "Status", "Inactive"));

        JsonNode refused = body(upstream.handle(signed("CreateAccessKey", "UserName", "alice")));
        upstream.handle(signed("DeleteAccessKey", "AccessKeyID", first));
        JsonNode accepted = body(upstream.handle(signed("CreateAccessKey", "UserName", "alice")));

        assertThat(refused.get("RetCode").asInt()).isEqualTo(SandboxActions.KEY_LIMIT_REACHED);
        assertThat(refused.get("Message").asString()).isEqualTo("AccessKey count exceeds limit");
        assertThat(accepted.get("RetCode").asInt()).isZero();
        assertThat(upstream.keysOf("alice")).hasSize(2);
    }

    @Test
    void rateLimitThrottlesWithRetCode153WithinOneSecond() {
        SandboxUpstream limited = new SandboxUpstream(new SandboxSettings(
                Map.of(SignedRequests.PUBLIC_KEY, SignedRequests.PRIVATE_KEY), 2, 2, Duration.ZERO, true));

        int[] retCodes = new int[3];
        for (int i = 0; i < 3; i++) {
            retCodes[i] = body(limited.handle(signed("ListAccessKeys", "UserName", "alice")))
                    .get("RetCode")
                    .asInt();
        }

        assertThat(retCodes).containsExactly(0, 0, 153);
    }

    @Test
    void faultWithTimesStrikesOnlyThatOftenAndOnlyForItsAction() {
        upstream.arm(new SandboxFault(SandboxFault.Type.RET_CODE, "ListAccessKeys", 1, null, null, null, 150, null));

        int onCreate = body(upstream.handle(signed("CreateAccessKey", "UserName", "alice")))
                .get("RetCode")
                .asInt();
        int firstList = body(upstream.handle(signed("ListAccessKeys", "UserName", "alice")))
                .get("RetCode")
                .asInt();
        int secondList = body(upstream.handle(signed("ListAccessKeys", "UserName", "alice")))
                .get("RetCode")
                .asInt();

        assertThat(onCreate).isZero();
        assertThat(firstList).isEqualTo(150);
        assertThat(secondList).isZero();
        assertThat(upstream.faults()).isEmpty();
    }

    @Test
    void gatewayFaultNeverExcusesABadSignature() {
        upstream.arm(SandboxFault.of(SandboxFault.Type.EMPTY_ACCESS_KEY));
        Map<String, String> request = new HashMap<>(signed("CreateAccessKey", "UserName", "alice"));
        request.put("Signature", "0".repeat(40));

        assertThat(body(upstream.handle(request)).get("RetCode").asInt()).isEqualTo(171);
        assertThat(upstream.faults())
                .singleElement()
                .extracting(SandboxFault::times)
                .isNull();
    }

    @Test
    void latencyFaultsAddUpWithTheBaseLatencyAndTheFirstArmedFaultWins() {
        upstream.arm(
                new SandboxFault(SandboxFault.Type.LATENCY, null, null, null, Duration.ofMillis(20), null, null, null));
        upstream.arm(new SandboxFault(SandboxFault.Type.HTTP_STATUS, null, 2, 502, null, null, null, null));
        upstream.arm(new SandboxFault(SandboxFault.Type.HTTP_STATUS, null, null, 504, null, null, null, null));

        SandboxAnswer answer = upstream.handle(signed("ListAccessKeys", "UserName", "alice"));

        assertThat(answer.delay()).isEqualTo(Duration.ofMillis(20));
        assertThat(answer.status()).isEqualTo(502);
        assertThat(answer.requestId()).isNull();
        assertThat(upstream.faults()).extracting(SandboxFault::times).containsExactly(null, 1, null);
    }

    @Test
    void resetForgetsKeysCountsAndFaults() {
        createdId("alice");
        upstream.arm(SandboxFault.of(SandboxFault.Type.THROTTLE));

        upstream.reset();

        assertThat(upstream.keysOf("alice")).isEmpty();
        assertThat(upstream.callCount("CreateAccessKey")).isZero();
        assertThat(upstream.faults()).isEmpty();
    }

    @Test
    void statsCountCallsAndKeysWithoutSecrets() {
        String id = createdId("alice");

        SandboxStats stats = upstream.stats();

        assertThat(stats.calls()).containsEntry("CreateAccessKey", 1L);
        assertThat(stats.keysPerUser()).containsEntry("alice", 1);
        assertThat(upstream.json().write(stats))
                .doesNotContain(upstream.keysOf("alice").get(0).secret())
                .doesNotContain(id);
    }

    @Test
    void idsAreTheGatewaysStandardBase64AndAtLeastHalfHoldASlash() {
        List<String> ids =
                IntStream.range(0, 200).mapToObj(i -> createdId("user-" + i)).toList();

        assertThat(ids).allMatch(id -> id.matches("[A-Za-z0-9+/]{43}="));
        assertThat(ids.stream().filter(id -> id.contains("/"))).hasSizeGreaterThanOrEqualTo(100);
        assertThat(ids.stream().filter(id -> id.contains("+"))).isNotEmpty();
        assertThat(ids).doesNotHaveDuplicates();
    }

    @Test
    void keysWhoseIdsHoldPlusSlashAndEqualsAreUpdatedListedAndDeleted() {
        String id = idHolding("alice", "+", "/");

        JsonNode update = body(upstream.handle(signed("UpdateAccessKey", "AccessKeyID", id, "Status", "Inactive")));
        JsonNode listed = body(upstream.handle(signed("ListAccessKeys", "UserName", "alice")));
        JsonNode delete = body(upstream.handle(signed("DeleteAccessKey", "AccessKeyID", id)));

        assertThat(update.get("RetCode").asInt()).isZero();
        assertThat(listed.get("AccessKey").get(0).get("AccessKeyID").asString()).isEqualTo(id);
        assertThat(listed.get("AccessKey").get(0).get("Status").asString()).isEqualTo("Inactive");
        assertThat(delete.get("RetCode").asInt()).isZero();
        assertThat(upstream.keysOf("alice")).isEmpty();
    }

    @Test
    void anAddedKeyKeepsTheIdItWasGivenAndAnIdIsNeverAddedTwice() {
        String id = "ucloudsomeone@example.com1296235120854146120";

        assertThat(upstream.addKey("alice", id))
                .hasValueSatisfying(key -> assertThat(key.accessKeyId()).isEqualTo(id));
        assertThat(upstream.addKey("bob", id)).isEmpty();
        assertThat(body(upstream.handle(signed("DeleteAccessKey", "AccessKeyID", id)))
                        .get("RetCode")
                        .asInt())
                .isZero();
    }

    /** Creates keys for the user until one's id holds every given text; deletes the others. */
    private String idHolding(String userName, String... texts) {
        while (true) {
            String id = createdId(userName);
            if (Arrays.stream(texts).allMatch(id::contains)) {
                return id;
            }
            upstream.handle(signed("DeleteAccessKey", "AccessKeyID", id));
        }
    }

    private String createdId(String userName) {
        JsonNode answer = body(upstream.handle(signed("CreateAccessKey", "UserName", userName)));
        return answer.get("AccessKey").get("AccessKeyID").asString();
    }

    static JsonNode body(SandboxAnswer answer) {
        return JsonMapper.builder().build().readTree(answer.body());
    }
}
