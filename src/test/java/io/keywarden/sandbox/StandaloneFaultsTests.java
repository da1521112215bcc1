package io.keywarden.sandbox;

import static io.keywarden.sandbox.SandboxHttp.body;
import static io.keywarden.sandbox.SignedRequests.signed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;

/** Every fault type as a real HTTP client sees it. */
class StandaloneFaultsTests {

    private static final Duration SHORT = Duration.ofMillis(300);

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
    void httpStatusAnswersThatStatusWithATextBodyAndRetryAfter() throws IOException {
        http.armFault("{\"type\":\"HTTP_STATUS\",\"status\":503,\"retryAfter\":\"2s\"}");

        HttpResponse<String> answer = http.form(signed("ListAccessKeys", "UserName", "alice"));

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.body()).isEqualTo("503 Service Unavailable\n");
        assertThat(answer.headers().firstValue("Retry-After")).contains("2");
        assertThat(answer.headers().firstValue(SandboxUpstream.REQUEST_ID_HEADER))
                .isEmpty();
    }

    @Test
    void latencyDelaysANormalAnswer() throws IOException {
        http.armFault("{\"type\":\"LATENCY\",\"delay\":\"200ms\"}");

        long started = System.nanoTime();
        HttpResponse<String> answer = http.form(signed("ListAccessKeys", "UserName", "alice"));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(body(answer).get("RetCode").asInt()).isZero();
    }

    @Test
    void noAnswerLeavesTheClientToTimeOut() throws IOException {
        http.armFault("{\"type\":\"NO_ANSWER\",\"delay\":\"3s\"}");

        assertThatThrownBy(() -> http.form(signed("ListAccessKeys", "UserName", "alice"), SHORT))
                .isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void dropConnectionIsAnIOExceptionWithoutAnAnswer() throws IOException {
        http.armFault("{\"type\":\"DROP_CONNECTION\",\"action\":\"CreateAccessKey\"}");

        assertThatThrownBy(() -> http.form(signed("CreateAccessKey", "UserName", "alice")))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void malformedJsonIsHttp200WithABodyThatDoesNotParse() throws IOException {
        http.armFault("{\"type\":\"MALFORMED_JSON\"}");

        HttpResponse<String> answer = http.form(signed("ListAccessKeys", "UserName", "alice"));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> body(answer)).isInstanceOf(JacksonException.class);
    }

    @Test
    void retCodeAnswersTheChosenRetCodeAndMessage() throws IOException {
        http.armFault("{\"type\":\"RET_CODE\",\"retCode\":150,\"message\":\"Service busy\"}");

        HttpResponse<String> answer = http.form(signed("ListAccessKeys", "UserName", "alice"));

        assertThat(body(answer).get("RetCode").asInt()).isEqualTo(150);
        assertThat(body(answer).get("Message").asString()).isEqualTo("Service busy");
    }

    @Test
    void emptyAccessKeyAnswersTheDocumentedEmptySuccessAndCreatesNothing() throws IOException {
        http.armFault("{\"type\":\"EMPTY_ACCESS_KEY\"}");

        HttpResponse<String> answer = http.form(signed("CreateAccessKey", "UserName", "alice"));

        assertThat(answer.body())
                .isEqualTo("{\"AccessKey\": {}, \"Action\": \"CreateAccessKeyResponse\", \"RetCode\": 0}");
        assertThat(sandbox.upstream().keysOf("alice")).isEmpty();
    }

    @Test
    void createWithoutAnswerLeavesAKeyNobodyWasToldAbout() throws IOException {
        http.armFault("{\"type\":\"CREATE_WITHOUT_ANSWER\",\"delay\":\"3s\",\"times\":1}");

        assertThatThrownBy(() -> http.form(signed("CreateAccessKey", "UserName", "alice"), SHORT))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(sandbox.upstream().keysOf("alice")).hasSize(1);
        assertThat(sandbox.upstream().callCount("CreateAccessKey")).isEqualTo(1);
    }

    @Test
    void throttleAnswersRetCode153() throws IOException {
        http.armFault("{\"type\":\"THROTTLE\",\"action\":\"ListAccessKeys\"}");

        HttpResponse<String> answer = http.get(signed("ListAccessKeys", "UserName", "alice"));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(body(answer).get("RetCode").asInt()).isEqualTo(153);
    }

    @Test
    void rateLimitOverHttpAnswersRetCode153() throws IOException {
        SandboxSettings limited = new SandboxSettings(SignedRequests.settings().keyPairs(), 2, 1, Duration.ZERO, true);
        try (StandaloneSandbox strict = StandaloneSandbox.start(limited, 0)) {
            SandboxHttp strictHttp = new SandboxHttp(strict.baseUri());
            int first = body(strictHttp.form(signed("ListAccessKeys", "UserName", "a")))
                    .get("RetCode")
                    .asInt();
            int second = body(strictHttp.form(signed("ListAccessKeys", "UserName", "a")))
                    .get("RetCode")
                    .asInt();

            assertThat(first).isZero();
            assertThat(second).isEqualTo(153);
        }
    }
}
