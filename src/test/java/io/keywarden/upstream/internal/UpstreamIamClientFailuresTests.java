package io.keywarden.upstream.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.keywarden.upstream.UpstreamIamClient;
import io.keywarden.upstream.UpstreamKeyStatus;
import io.keywarden.upstream.UpstreamOutcome;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class UpstreamIamClientFailuresTests {

    private UpstreamStub upstream;
    private UpstreamIamClient client;

    @BeforeEach
    void start() {
        upstream = new UpstreamStub();
        client = upstream.client();
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void createWhenRejectedReturnsTheRetCodeAndMessageWithoutRetrying() {
        upstream.answerJson("CreateAccessKey", """
                {"RetCode": 171, "Action": "CreateAccessKeyResponse", "Message": "Signature VerifyAC Error"}""");

        assertThat(client.createAccessKey("alice"))
                .isEqualTo(new UpstreamOutcome.Rejected<>(171, "Signature VerifyAC Error", UpstreamStub.REQUEST_ID));
        assertThat(upstream.requestCount()).isEqualTo(1);
    }

    @Test
    void createWhenTheKeyLimitIsReachedIsRejectedWithTheProductRetCode() {
        upstream.answerJson("CreateAccessKey", """
                {"RetCode": "2051", "Message": "access key limit exceeded"}""");

        assertThat(client.createAccessKey("alice"))
                .isEqualTo(new UpstreamOutcome.Rejected<>(2051, "access key limit exceeded", UpstreamStub.REQUEST_ID));
        assertThat(upstream.requestCount()).isEqualTo(1);
    }

    @Test
    void listWhenAParameterIsRefusedIsRejectedWithoutRetrying() {
        upstream.answerJson("ListAccessKeys", """
                {"RetCode": 230, "Message": "Params [UserName] not available"}""");

        assertThat(client.listAccessKeys("alice"))
                .isEqualTo(new UpstreamOutcome.Rejected<>(
                        230, "Params [UserName] not available", UpstreamStub.REQUEST_ID));
        assertThat(upstream.requestCount()).isEqualTo(1);
    }

    @Test
    void createWhenThrottledIsRetriedThenUnavailable() {
        upstream.answerJson("CreateAccessKey", """
                {"RetCode": 153, "Message": "throttled"}""");

        assertThat(client.createAccessKey("alice")).isInstanceOfSatisfying(UpstreamOutcome.Unavailable.class, u -> {
            assertThat(u.retryAfter()).isEqualTo(Duration.ofSeconds(1));
            assertThat(u.requestId()).isEqualTo(UpstreamStub.REQUEST_ID);
        });
        assertThat(upstream.requestCount()).isEqualTo(3);
    }

    @Test
    void deleteWhenTheServiceIsUnavailableIsRetriedThenUnavailable() {
        upstream.answerJson("DeleteAccessKey", """
                {"RetCode": 150}""");

        assertThat(client.deleteAccessKey("AK1")).isInstanceOf(UpstreamOutcome.Unavailable.class);
        assertThat(upstream.requestCount()).isEqualTo(3);
    }

    @Test
    void createWhenHttp429WithRetryAfterIsUnavailableWithThatDelay() {
        upstream.answer("CreateAccessKey", aResponse().withStatus(429).withHeader("Retry-After", "7"));

        assertThat(client.createAccessKey("alice"))
                .isInstanceOfSatisfying(
                        UpstreamOutcome.Unavailable.class,
                        u -> assertThat(u.retryAfter()).isEqualTo(Duration.ofSeconds(7)));
        assertThat(upstream.requestCount()).isEqualTo(3);
    }

    @Test
    void createWhenHttp503WithoutRetryAfterIsUnavailableAfterOneSecond() {
        upstream.answer("CreateAccessKey", aResponse().withStatus(503).withBody("<html>busy</html>"));

        assertThat(client.createAccessKey("alice"))
                .isInstanceOfSatisfying(
                        UpstreamOutcome.Unavailable.class,
                        u -> assertThat(u.retryAfter()).isEqualTo(Duration.ofSeconds(1)));
        assertThat(upstream.requestCount()).isEqualTo(3);
    }

    @Test
    void createThatSucceedsAfterAThrottleIsASuccess() {
        upstream.server.stubFor(any(anyUrl())
                .inScenario("throttled once")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429))
                .willSetStateTo("open"));
        upstream.server.stubFor(any(anyUrl())
                .inScenario("throttled once")
                .whenScenarioStateIs("open")
                .willReturn(UpstreamStub.json("""
                        {"RetCode": 0, "AccessKey": {"AccessKeyID": "AK1", "AccessKeySecret": "s"}}""")));

        assertThat(client.createAccessKey("alice")).isInstanceOf(UpstreamOutcome.Success.class);
        assertThat(upstream.requestCount()).isEqualTo(2);
    }

    @Test
    void createWhenAGatewayAnswers502IsOutcomeUnknownAndNotRetried() {
        upstream.answer("CreateAccessKey", aResponse().withStatus(502));

        assertThat(client.createAccessKey("alice")).isInstanceOf(UpstreamOutcome.OutcomeUnknown.class);
        assertThat(upstream.requestCount()).isEqualTo(1);
    }

    @Test
    void createWhenAGatewayAnswers504IsOutcomeUnknownAndNotRetried() {
        upstream.answer("CreateAccessKey", aResponse().withStatus(504));

        assertThat(client.createAccessKey("alice")).isInstanceOf(UpstreamOutcome.OutcomeUnknown.class);
        assertThat(upstream.requestCount()).isEqualTo(1);
    }

    @Test
    void listWhenAGatewayAnswers502IsRetriedThenUnavailable() {
        upstream.answer("ListAccessKeys", aResponse().withStatus(502));

        assertThat(client.listAccessKeys("alice")).isInstanceOf(UpstreamOutcome.Unavailable.class);
        assertThat(upstream.requestCount()).isEqualTo(3);
    }

    @Test
    void updateWhenAGatewayAnswers504IsRetriedThenUnavailable() {
        upstream.answer("UpdateAccessKey", aResponse().withStatus(504));

        assertThat(client.updateAccessKeyStatus("AK1", UpstreamKeyStatus.ACTIVE))
                .isInstanceOf(UpstreamOutcome.Unavailable.class);
        assertThat(upstream.requestCount()).isEqualTo(3);
    }

    @Test
    void createWhenHttp500WithAnHtmlBodyIsOutcomeUnknownAndNotRetried() {
        upstream.answer("CreateAccessKey", aResponse().withStatus(500).withBody("<html>oops</html>"));

        assertThat(client.createAccessKey("alice")).isInstanceOf(UpstreamOutcome.OutcomeUnknown.class);
        assertThat(upstream.requestCount()).isEqualTo(1);
    }

    @Test
    void deleteWhenHttp500IsRetriedThenOutcomeUnknown() {
        upstream.answer("DeleteAccessKey", aResponse().withStatus(500).withBody("oops"));

        assertThat(client.deleteAccessKey("AK1")).isInstanceOf(UpstreamOutcome.OutcomeUnknown.class);
        assertThat(upstream.requestCount()).isEqualTo(3);
    }

    @Test
    void createWhenTheUpstreamTimesOutInsideIsOutcomeUnknownAndNotRetried() {
        upstream.answerJson("CreateAccessKey", """
                {"RetCode": 110, "Action": "CreateAccessKeyResponse"}""");

        assertThat(client.createAccessKey("alice")).isInstanceOf(UpstreamOutcome.OutcomeUnknown.class);
        assertThat(upstream.requestCount()).isEqualTo(1);
    }

    @Test
    void createWhenReadTimesOutIsOutcomeUnknownAndNotRetried() {
        upstream.answer("CreateAccessKey", UpstreamStub.json("{\"RetCode\": 0}").withFixedDelay(1500));

        assertThat(upstream.impatientClient().createAccessKey("alice"))
                .isInstanceOfSatisfying(
                        UpstreamOutcome.OutcomeUnknown.class,
                        u -> assertThat(u.reason()).isEqualTo("read timed out"));
        assertThat(upstream.requestCount()).isEqualTo(1);
    }

    @Test
    void createWhoseAnswerTricklesInPastTheReadTimeoutIsOutcomeUnknown() {
        // Headers at once, then the body a few bytes at a time over 2 s: the deadline covers the
        // whole answer, not only its first bytes.
        upstream.answer(
                "CreateAccessKey",
                UpstreamStub.json("{\"RetCode\": 0, \"Data\": {\"AccessKeyId\": \"x\"}}")
                        .withChunkedDribbleDelay(20, 2000));

        // Had the client waited for the whole body, the key would have been answered as created.
        assertThat(upstream.impatientClient().createAccessKey("alice"))
                .isInstanceOfSatisfying(
                        UpstreamOutcome.OutcomeUnknown.class,
                        u -> assertThat(u.reason()).isEqualTo("read timed out"));
        assertThat(upstream.requestCount()).isEqualTo(1);
    }

    @Test
    void listWhenReadTimesOutIsRetriedThenOutcomeUnknown() {
        upstream.answer("ListAccessKeys", UpstreamStub.json("{\"RetCode\": 0}").withFixedDelay(1500));

        assertThat(upstream.impatientClient().listAccessKeys("alice"))
                .isInstanceOf(UpstreamOutcome.OutcomeUnknown.class);
        assertThat(upstream.requestCount()).isEqualTo(3);
    }

    @Test
    void createWhenTheConnectionIsResetIsOutcomeUnknownAndNotRetried() {
        upstream.answer("CreateAccessKey", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        assertThat(client.createAccessKey("alice")).isInstanceOf(UpstreamOutcome.OutcomeUnknown.class);
        assertThat(upstream.requestCount()).isEqualTo(1);
    }

    @Test
    void createWhenTheConnectionClosesWithoutAnswerIsOutcomeUnknownAndNotRetried() {
        upstream.answer("CreateAccessKey", aResponse().withFault(Fault.EMPTY_RESPONSE));

        assertThat(client.createAccessKey("alice")).isInstanceOf(UpstreamOutcome.OutcomeUnknown.class);
        assertThat(upstream.requestCount()).isEqualTo(1);
    }

    @Test
    void createWhenTheAnswerBreaksOffIsOutcomeUnknownAndNotRetried() {
        upstream.answer("CreateAccessKey", aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK));

        assertThat(client.createAccessKey("alice")).isInstanceOf(UpstreamOutcome.OutcomeUnknown.class);
        assertThat(upstream.requestCount()).isEqualTo(1);
    }

    @Test
    void listWhenTheConnectionIsDroppedIsRetriedThenOutcomeUnknown() {
        upstream.answer("ListAccessKeys", aResponse().withFault(Fault.EMPTY_RESPONSE));

        assertThat(client.listAccessKeys("alice")).isInstanceOf(UpstreamOutcome.OutcomeUnknown.class);
        assertThat(upstream.requestCount()).isEqualTo(3);
    }

    @Test
    void createWhenTheAnswerIsMalformedJsonIsOutcomeUnknownAndNotRetried() {
        upstream.answerJson("CreateAccessKey", "{\"RetCode\": 0, \"AccessKey\": {");

        assertThat(client.createAccessKey("alice")).isInstanceOf(UpstreamOutcome.OutcomeUnknown.class);
        assertThat(upstream.requestCount()).isEqualTo(1);
    }

    @Test
    void listWhenTheAnswerHasNoRetCodeIsRetriedThenOutcomeUnknown() {
        upstream.answerJson("ListAccessKeys", "[]");

        assertThat(client.listAccessKeys("alice")).isInstanceOf(UpstreamOutcome.OutcomeUnknown.class);
        assertThat(upstream.requestCount()).isEqualTo(3);
    }

    @Test
    void createWhenTheConnectionIsRefusedIsUnavailableAfterRetries() throws IOException {
        URI closed = URI.create("http://127.0.0.1:" + closedPort() + "/");
        UpstreamIamClient refused = UpstreamStub.client(closed, Duration.ofMillis(300), 1000);

        long started = System.nanoTime();
        assertThat(refused.createAccessKey("alice"))
                .isInstanceOfSatisfying(
                        UpstreamOutcome.Unavailable.class,
                        u -> assertThat(u.reason()).startsWith("could not connect"));
        // Three attempts with two backoffs of 10 ms doubled and jittered: well above 10 ms in all.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(10));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
