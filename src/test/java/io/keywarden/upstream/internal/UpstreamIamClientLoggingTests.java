package io.keywarden.upstream.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.keywarden.upstream.UpstreamIamClient;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class UpstreamIamClientLoggingTests {

    private final Logger upstreamLogger = (Logger) LoggerFactory.getLogger("io.keywarden.upstream");
    private final List<String> signatures = new ArrayList<>();
    private Level levelBefore;
    private UpstreamStub upstream;

    @BeforeEach
    void start() {
        levelBefore = upstreamLogger.getLevel();
        upstreamLogger.setLevel(Level.DEBUG);
        upstream = new UpstreamStub();
    }

    @AfterEach
    void stop() {
        upstream.close();
        upstreamLogger.setLevel(levelBefore);
    }

    @Test
    void noOutcomeEverLogsOrShowsThePrivateKeyASignatureOrASecret(CapturedOutput output) throws Exception {
        UpstreamIamClient client = upstream.impatientClient();
        List<Object> shown = new ArrayList<>();
        String key = "{\"AccessKeyID\": \"AK1\", \"AccessKeySecret\": \"" + UpstreamStub.SECRET + "\"}";

        upstream.answerJson("CreateAccessKey", "{\"RetCode\": 0, \"AccessKey\": " + key + "}");
        upstream.answerJson("ListAccessKeys", "{\"RetCode\": 0, \"AccessKey\": [" + key + "]}");
        shown.add(client.createAccessKey("alice"));
        shown.add(client.listAccessKeys("alice"));
        collectSignatures();
        for (String answer : List.of(
                "{\"RetCode\": 0, \"AccessKey\": {}}",
                "{\"RetCode\": 171, \"Message\": \"Signature VerifyAC Error\"}",
                "{\"RetCode\": 153}",
                "{\"RetCode\": 110}",
                "{\"RetCode\": 0, \"AccessKey\": {\"AccessKeySecret\": \"" + UpstreamStub.SECRET + "\"")) {
            upstream.server.resetAll();
            upstream.answerJson("CreateAccessKey", answer);
            shown.add(client.createAccessKey("alice"));
            collectSignatures();
        }
        for (var response : List.of(
                aResponse().withStatus(429),
                aResponse().withStatus(502),
                aResponse().withStatus(500).withBody("<html>" + UpstreamStub.SECRET + "</html>"),
                aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
                aResponse().withFault(Fault.EMPTY_RESPONSE),
                UpstreamStub.json("{\"RetCode\": 0}").withFixedDelay(1000))) {
            upstream.server.resetAll();
            upstream.answer("CreateAccessKey", response);
            upstream.answer("DeleteAccessKey", response);
            shown.add(client.createAccessKey("alice"));
            shown.add(client.deleteAccessKey("AK1"));
            collectSignatures();
        }
        shown.add(
                UpstreamStub.client(closedPort(), Duration.ofMillis(300), 1000).createAccessKey("alice"));
        shown.add(client);

        assertThat(output).contains("upstream attempt action=CreateAccessKey", "upstream call action=DeleteAccessKey");
        assertThat(signatures).hasSizeGreaterThan(20);
        List<String> forbidden = new ArrayList<>(signatures);
        forbidden.add(UpstreamStub.PRIVATE_KEY);
        forbidden.add(UpstreamStub.SECRET);
        for (String secret : forbidden) {
            assertThat(output.getAll()).doesNotContain(secret);
            assertThat(shown)
                    .allSatisfy(outcome -> assertThat(outcome.toString()).doesNotContain(secret));
        }
    }

    private void collectSignatures() {
        for (LoggedRequest request : upstream.requests()) {
            signatures.add(UpstreamStub.form(request).get("Signature"));
        }
    }

    private static URI closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
        }
    }
}
