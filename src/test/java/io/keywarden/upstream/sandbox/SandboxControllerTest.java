package io.keywarden.upstream.sandbox;

import static io.keywarden.upstream.sandbox.SignedRequests.signed;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

@WebMvcTest(SandboxController.class)
@Import(SandboxConfiguration.class)
@TestPropertySource(
        properties = {
            "keywarden.sandbox.enabled=true",
            "keywarden.sandbox.key-pairs[0].public-key=" + SignedRequests.PUBLIC_KEY,
            "keywarden.sandbox.key-pairs[0].private-key=" + SignedRequests.PRIVATE_KEY,
            "keywarden.upstream.public-key=unused",
            "keywarden.upstream.private-key=unused"
        })
class SandboxControllerTest {

    @Autowired
    private MockMvcTester mvc;

    @Autowired
    private SandboxUpstream upstream;

    @BeforeEach
    void reset() {
        upstream.reset();
    }

    @Test
    void createsAKeyFromAFormPost() {
        MvcTestResult result = mvc.post()
                .uri("/sandbox/upstream/")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .content(form(signed("CreateAccessKey", "UserName", "alice")))
                .exchange();

        assertThat(result).hasStatusOk();
        assertThat(result.getResponse().getHeader(SandboxUpstream.REQUEST_ID_HEADER))
                .isNotBlank();
        assertThat(result).bodyJson().extractingPath("$.AccessKey.Status").isEqualTo("Active");
        assertThat(upstream.keysOf("alice")).hasSize(1);
    }

    @Test
    void listsKeysFromAGetWithoutTrailingSlash() {
        upstream.handle(signed("CreateAccessKey", "UserName", "alice"));
        Map<String, String> request = signed("ListAccessKeys", "UserName", "alice");

        MvcTestResult result = mvc.get()
                .uri("/sandbox/upstream")
                .param("Action", request.get("Action"))
                .param("UserName", request.get("UserName"))
                .param("PublicKey", request.get("PublicKey"))
                .param("Signature", request.get("Signature"))
                .exchange();

        assertThat(result).bodyJson().extractingPath("$.AccessKey").asArray().hasSize(1);
    }

    @Test
    void readsAJsonPostMergedWithTheQuery() {
        Map<String, String> request = signed("CreateAccessKey", "UserName", "bob");

        MvcTestResult result = mvc.post()
                .uri("/sandbox/upstream/?UserName=bob")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"Action\":\"CreateAccessKey\",\"PublicKey\":\"" + request.get("PublicKey")
                        + "\",\"Signature\":\"" + request.get("Signature") + "\"}")
                .exchange();

        assertThat(result).bodyJson().extractingPath("$.RetCode").isEqualTo(0);
        assertThat(upstream.keysOf("bob")).hasSize(1);
    }

    @Test
    void answersABadSignatureWithRetCode171OverHttp200() {
        Map<String, String> request = signed("ListAccessKeys", "UserName", "alice");

        MvcTestResult result = mvc.post()
                .uri("/sandbox/upstream/")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .content(form(request).replace("UserName=alice", "UserName=mallory"))
                .exchange();

        assertThat(result).hasStatusOk().bodyJson().extractingPath("$.RetCode").isEqualTo(171);
    }

    @Test
    void faultApiArmsListsAndClears() {
        MvcTestResult armed = mvc.post()
                .uri("/sandbox/upstream/faults")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"type\":\"HTTP_STATUS\",\"status\":502,\"action\":\"CreateAccessKey\",\"times\":1}")
                .exchange();
        MvcTestResult listed = mvc.get().uri("/sandbox/upstream/faults").exchange();
        MvcTestResult struck = mvc.post()
                .uri("/sandbox/upstream/")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .content(form(signed("CreateAccessKey", "UserName", "alice")))
                .exchange();
        mvc.post()
                .uri("/sandbox/upstream/faults")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"type\":\"LATENCY\",\"delay\":\"200ms\"}")
                .exchange();
        MvcTestResult cleared = mvc.delete().uri("/sandbox/upstream/faults").exchange();

        assertThat(armed).hasStatus(201).bodyJson().extractingPath("$.status").isEqualTo(502);
        assertThat(listed).bodyJson().extractingPath("$[0].type").isEqualTo("HTTP_STATUS");
        assertThat(struck).hasStatus(502).hasBodyTextEqualTo("502 Bad Gateway\n");
        assertThat(cleared).hasStatus(204);
        assertThat(upstream.faults()).isEmpty();
    }

    @Test
    void faultApiRefusesAFaultWithoutTypeWith400() {
        MvcTestResult result = mvc.post()
                .uri("/sandbox/upstream/faults")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"status\":503}")
                .exchange();

        assertThat(result).hasStatus(400);
    }

    @Test
    void statsShowCountsButNoSecrets() {
        upstream.handle(signed("CreateAccessKey", "UserName", "alice"));

        MvcTestResult result = mvc.get().uri("/sandbox/upstream/stats").exchange();

        assertThat(result).bodyJson().extractingPath("$.keysPerUser.alice").isEqualTo(1);
        assertThat(result)
                .body()
                .asString()
                .doesNotContain(upstream.keysOf("alice").get(0).secret());
    }

    private static String form(Map<String, String> parameters) {
        StringBuilder form = new StringBuilder();
        parameters.forEach((name, value) -> form.append(form.isEmpty() ? "" : "&")
                .append(name)
                .append('=')
                .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8)));
        return form.toString();
    }
}
