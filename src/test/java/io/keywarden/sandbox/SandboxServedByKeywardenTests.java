package io.keywarden.sandbox;

import static io.keywarden.sandbox.SignedRequests.signed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keywarden.support.KeywardenTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * The sandbox as keywarden serves it under {@code /sandbox/upstream/}, over real HTTP through
 * Tomcat and keywarden's own filter chain: GET, form and JSON requests, the fault API, and the
 * faults only a real servlet container can show (a dropped connection, a held request).
 */
@KeywardenTest
class SandboxServedByKeywardenTests {

    @Autowired
    private SandboxUpstream upstream;

    @Value("${server.port}")
    private int port;

    private SandboxHttp http;

    @BeforeEach
    void connect() {
        upstream.reset();
        http = new SandboxHttp(URI.create("http://127.0.0.1:" + port + "/sandbox/upstream/"));
    }

    @AfterEach
    void clear() {
        upstream.reset();
    }

    @Test
    void createsAKeyFromAFormPost() throws IOException {
        HttpResponse<String> response = http.form(signed("CreateAccessKey", "UserName", "alice"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue(SandboxUpstream.REQUEST_ID_HEADER))
                .isPresent();
        assertThat(SandboxHttp.body(response).get("AccessKey").get("Status").asString())
                .isEqualTo("Active");
        assertThat(upstream.keysOf("alice")).hasSize(1);
    }

    @Test
    void createsNothingByAnyMethodButGetAndPost() throws IOException {
        for (String method : new String[] {"HEAD", "PUT", "PATCH", "DELETE"}) {
            HttpResponse<String> response = http.query(method, signed("CreateAccessKey", "UserName", "alice"));

            assertThat(response.statusCode()).as(method).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow"))
                    .as(method)
                    .hasValueSatisfying(allow ->
                            assertThat(allow).contains("GET").contains("POST").doesNotContain("HEAD"));
        }
        assertThat(upstream.callCount("CreateAccessKey")).isZero();
        assertThat(upstream.keysOf("alice")).isEmpty();
    }

    @Test
    void listsKeysFromAGet() throws IOException {
        upstream.handle(signed("CreateAccessKey", "UserName", "alice"));

        HttpResponse<String> response = http.get(signed("ListAccessKeys", "UserName", "alice"));

        assertThat(SandboxHttp.body(response).get("AccessKey")).hasSize(1);
    }

    @Test
    void readsAJsonPost() throws IOException {
        Map<String, String> request = signed("CreateAccessKey", "UserName", "bob");

        HttpResponse<String> response = http.json(SandboxHttp.toJson(request));

        assertThat(SandboxHttp.body(response).get("RetCode").asInt()).isZero();
        assertThat(upstream.keysOf("bob")).hasSize(1);
    }

    @Test
    void answersABadSignatureWithRetCode171OverHttp200() throws IOException {
        Map<String, String> request = new java.util.HashMap<>(signed("ListAccessKeys", "UserName", "alice"));
        request.put("UserName", "mallory");

        HttpResponse<String> response = http.form(request);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(SandboxHttp.body(response).get("RetCode").asInt()).isEqualTo(171);
    }

    @Test
    void faultApiArmsListsAndClears() throws IOException {
        HttpResponse<String> armed =
                http.armFault("{\"type\":\"HTTP_STATUS\",\"status\":502,\"action\":\"CreateAccessKey\",\"times\":1}");
        HttpResponse<String> listed = http.admin("GET", "faults");
        HttpResponse<String> struck = http.form(signed("CreateAccessKey", "UserName", "alice"));
        HttpResponse<String> afterwards = http.form(signed("CreateAccessKey", "UserName", "alice"));
        http.armFault("{\"type\":\"LATENCY\",\"delay\":\"200ms\"}");
        HttpResponse<String> cleared = http.admin("DELETE", "faults");

        assertThat(armed.statusCode()).isEqualTo(201);
        assertThat(SandboxHttp.body(listed).get(0).get("type").asString()).isEqualTo("HTTP_STATUS");
        assertThat(struck.statusCode()).isEqualTo(502);
        assertThat(afterwards.statusCode()).isEqualTo(200);
        assertThat(cleared.statusCode()).isEqualTo(204);
        assertThat(upstream.faults()).isEmpty();
    }

    @Test
    void faultApiRefusesAFaultWithoutTypeWith400() throws IOException {
        assertThat(http.armFault("{\"status\":503}").statusCode()).isEqualTo(400);
    }

    @Test
    void statsShowCountsButNoSecrets() throws IOException {
        upstream.handle(signed("CreateAccessKey", "UserName", "alice"));

        HttpResponse<String> response = http.admin("GET", "stats");

        assertThat(SandboxHttp.body(response).get("keysPerUser").get("alice").asInt())
                .isEqualTo(1);
        assertThat(response.body())
                .doesNotContain(upstream.keysOf("alice").get(0).secret());
    }

    @Test
    void dropConnectionEndsTheAnswerEarlyForARealClient() {
        upstream.arm(SandboxFault.of(SandboxFault.Type.DROP_CONNECTION));

        assertThatThrownBy(() -> http.form(signed("ListAccessKeys", "UserName", "alice")))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void createWithoutAnswerTimesTheClientOutAndKeepsTheKey() {
        upstream.arm(new SandboxFault(
                SandboxFault.Type.CREATE_WITHOUT_ANSWER, null, 1, null, Duration.ofSeconds(2), null, null, null));

        assertThatThrownBy(() -> http.form(signed("CreateAccessKey", "UserName", "alice"), Duration.ofMillis(300)))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(upstream.keysOf("alice")).hasSize(1);
    }
}
