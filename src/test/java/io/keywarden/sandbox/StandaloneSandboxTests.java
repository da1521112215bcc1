package io.keywarden.sandbox;

import static io.keywarden.sandbox.SandboxHttp.body;
import static io.keywarden.sandbox.SignedRequests.signed;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class StandaloneSandboxTests {

    private static StandaloneSandbox sandbox;
    private static SandboxHttp http;

    @BeforeAll
    static void start() throws IOException {
        sandbox = StandaloneSandbox.start(SignedRequests.settings(), 0);
        http = new SandboxHttp(sandbox.baseUri());
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void reset() {
        sandbox.upstream().reset();
    }

    @Test
    void servesTheFourActionsOverFormJsonAndGet() throws IOException {
        HttpResponse<String> created = http.form(signed("CreateAccessKey", "UserName", "alice"));
        String id = body(created).get("AccessKey").get("AccessKeyID").asString();

        HttpResponse<String> updated =
                http.json(SandboxHttp.toJson(signed("UpdateAccessKey", "AccessKeyID", id, "Status", "Inactive")));
        JsonNode listed = body(http.get(signed("ListAccessKeys", "UserName", "alice")));
        HttpResponse<String> deleted = http.form(signed("DeleteAccessKey", "AccessKeyID", id));

        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.headers().firstValue(SandboxUpstream.REQUEST_ID_HEADER))
                .isPresent();
        assertThat(body(updated).get("RetCode").asInt()).isZero();
        assertThat(listed.get("AccessKey").get(0).get("Status").asString()).isEqualTo("Inactive");
        assertThat(body(deleted).get("Action").asString()).isEqualTo("DeleteAccessKeyResponse");
        assertThat(sandbox.upstream().keysOf("alice")).isEmpty();
    }

    @Test
    void createsNothingByAnyMethodButGetAndPost() throws IOException {
        for (String method : new String[] {"HEAD", "PUT", "PATCH", "DELETE"}) {
            HttpResponse<String> response = http.query(method, signed("CreateAccessKey", "UserName", "alice"));

            assertThat(response.statusCode()).as(method).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).as(method).hasValue("GET, POST");
        }
        assertThat(sandbox.upstream().keysOf("alice")).isEmpty();
    }

    @Test
    void refusesABodyOver16KiB() throws IOException {
        Map<String, String> request = new LinkedHashMap<>(signed("CreateAccessKey", "UserName", "alice"));
        request.put("Description", "x".repeat(20 * 1024));

        HttpResponse<String> response = http.form(request);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(sandbox.upstream().keysOf("alice")).isEmpty();
    }

    @Test
    void findsKeysWhoseIdsHoldPlusSlashAndEqualsOverGetJsonAndForm() throws IOException {
        String id = idHolding("alice", "+", "/");

        JsonNode disabled = body(http.get(signed("UpdateAccessKey", "AccessKeyID", id, "Status", "Inactive")));
        JsonNode enabled =
                body(http.json(SandboxHttp.toJson(signed("UpdateAccessKey", "AccessKeyID", id, "Status", "Active"))));
        JsonNode deleted = body(http.form(signed("DeleteAccessKey", "AccessKeyID", id)));

        assertThat(id).endsWith("=");
        assertThat(disabled.get("RetCode").asInt()).isZero();
        assertThat(enabled.get("RetCode").asInt()).isZero();
        assertThat(deleted.get("RetCode").asInt()).isZero();
        assertThat(sandbox.upstream().keysOf("alice")).isEmpty();
    }

    /** Creates keys over HTTP until one's id holds every given text; deletes the others. */
    private static String idHolding(String userName, String... texts) throws IOException {
        while (true) {
            String id = body(http.form(signed("CreateAccessKey", "UserName", userName)))
                    .get("AccessKey")
                    .get("AccessKeyID")
                    .asString();
            if (Arrays.stream(texts).allMatch(id::contains)) {
                return id;
            }
            http.form(signed("DeleteAccessKey", "AccessKeyID", id));
        }
    }

    @Test
    void signsJsonNumbersAndBooleansAsTheirText() throws IOException {
        Map<String, String> request = signed("ListAccessKeys", "UserName", "alice", "Limit", "10", "Verbose", "true");
        String json = "{\"Action\":\"ListAccessKeys\",\"UserName\":\"alice\",\"Limit\":10.0,\"Verbose\":true,"
                + "\"PublicKey\":\"" + request.get("PublicKey") + "\",\"Signature\":\"" + request.get("Signature")
                + "\"}";

        assertThat(body(http.json(json)).get("RetCode").asInt()).isZero();
    }

    @Test
    void mergesQueryAndBodyParameters() throws IOException {
        Map<String, String> request = signed("CreateAccessKey", "UserName", "bob");
        Map<String, String> inBody = new LinkedHashMap<>(request);
        inBody.remove("UserName");
        HttpResponse<String> answer = new SandboxHttp(sandbox.baseUri().resolve("?UserName=bob")).form(inBody);

        assertThat(body(answer).get("RetCode").asInt()).isZero();
        assertThat(sandbox.upstream().keysOf("bob"))
                .singleElement()
                .extracting(SandboxKey::status)
                .isEqualTo(SandboxKeyStatus.ACTIVE);
    }

    @Test
    void answersGatewayErrorsAsHttp200Envelopes() throws IOException {
        HttpResponse<String> answer = http.form(Map.of("Action", "CreateAccessKey", "UserName", "alice"));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(body(answer).get("RetCode").asInt()).isEqualTo(170);
    }

    @Test
    void faultApiArmsListsAndClears() throws IOException {
        HttpResponse<String> armed =
                http.armFault("{\"type\":\"HTTP_STATUS\",\"status\":503,\"action\":\"CreateAccessKey\",\"times\":1}");
        JsonNode listed = body(http.admin("GET", "faults"));
        HttpResponse<String> cleared = http.admin("DELETE", "faults");

        assertThat(armed.statusCode()).isEqualTo(201);
        assertThat(listed.get(0).get("type").asString()).isEqualTo("HTTP_STATUS");
        assertThat(listed.get(0).get("times").asInt()).isEqualTo(1);
        assertThat(cleared.statusCode()).isEqualTo(204);
        assertThat(sandbox.upstream().faults()).isEmpty();
    }

    @Test
    void faultApiRefusesAnUnknownTypeWith400() throws IOException {
        assertThat(http.armFault("{\"type\":\"EARTHQUAKE\"}").statusCode()).isEqualTo(400);
        assertThat(http.armFault("{\"type\":\"RET_CODE\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void statsCountCallsAndKeysWithoutSecrets() throws IOException {
        http.form(signed("CreateAccessKey", "UserName", "alice"));

        HttpResponse<String> stats = http.admin("GET", "stats");

        assertThat(body(stats).get("calls").get("CreateAccessKey").asLong()).isEqualTo(1);
        assertThat(body(stats).get("keysPerUser").get("alice").asInt()).isEqualTo(1);
        assertThat(stats.body())
                .doesNotContain(sandbox.upstream().keysOf("alice").get(0).secret());
    }
}
