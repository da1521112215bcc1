package io.keywarden.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.support.Api;
import io.keywarden.support.KeywardenTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The one line each request leaves in the log, and what a caller cannot make it say. */
@KeywardenTest
@ExtendWith(OutputCaptureExtension.class)
class RequestLogTests {

    @Value("${server.port}")
    int port;

    Api api;

    @BeforeEach
    void connect() {
        api = new Api(port);
    }

    @Test
    void eachRequestLogsOneLineWithMethodPathStatusDurationClientAndRequestId(CapturedOutput output) {
        String requestId = "rl-" + UUID.randomUUID();

        Api.Answer answer = api.call("GET", "/v1/access-keys?userName=team-someone&limit=5")
                .token(Api.ISSUER)
                .header("X-Request-Id", requestId)
                .send();

        assertThat(answer.status()).isEqualTo(200);
        List<String> lines = requestLines(output, requestId);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0))
                .containsPattern("request method=GET path=/v1/access-keys status=200 durationMs=\\d+"
                        + " client=test-issuer requestId=" + requestId + "$")
                .doesNotContain("userName", "team-someone", Api.ISSUER);
    }

    @Test
    void aRefusedRequestIsLoggedWithoutAClient(CapturedOutput output) {
        String requestId = "rl-" + UUID.randomUUID();

        api.call("GET", "/admin/v1/jobs").header("X-Request-Id", requestId).send();
        api.call("GET", "/admin/v1/jobs")
                .token("not-a-known-token")
                .header("X-Request-Id", requestId + "-bad")
                .send();

        assertThat(requestLines(output, requestId))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("path=/admin/v1/jobs status=401", "client=-");
        assertThat(output.getAll()).doesNotContain("not-a-known-token");
    }

    @Test
    void aForgedLineBreakInThePathOrTheRequestIdCannotStartALineOfItsOwn(CapturedOutput output) {
        String marker = "forged" + UUID.randomUUID().toString().substring(0, 8);

        api.call("GET", "/v1/access-keys/x%0D%0Arequest%20method=" + marker)
                .token(Api.ISSUER)
                .send();
        Api.Answer odd = api.call("GET", "/v1/access-keys")
                .token(Api.ISSUER)
                .header("X-Request-Id", "x requestId=" + marker)
                .send();

        List<String> mentioning =
                output.getAll().lines().filter(line -> line.contains(marker)).toList();
        assertThat(mentioning)
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("request method=GET path=/v1/access-keys/x%0D%0Arequest%20method=" + marker + " status=");
        assertThat(odd.header("X-Request-Id")).doesNotContain(marker);
    }

    private static List<String> requestLines(CapturedOutput output, String requestId) {
        return output.getAll()
                .lines()
                .filter(line -> line.contains("request method=") && line.endsWith("requestId=" + requestId))
                .toList();
    }
}
