package io.keywarden.upstream.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.keywarden.upstream.UpstreamIamClient;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A WireMock upstream on loopback and clients pointed at it with test-sized timeouts. */
final class UpstreamStub implements AutoCloseable {

    static final String PUBLIC_KEY = "test-public-key";
    static final String PRIVATE_KEY = "private-key-must-never-be-logged-7f3a9c";
    static final String SECRET = "access-key-secret-must-never-be-logged-91be";
    static final String REQUEST_ID = "req-0f1e2d3c";

    final WireMockServer server;

    UpstreamStub() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.port() + "/");
    }

    /** A client patient enough for a cold JVM's first request. */
    UpstreamIamClient client() {
        return client(baseUrl(), Duration.ofSeconds(2), 1000);
    }

    /** A client that gives up on an answer after 300 ms. */
    UpstreamIamClient impatientClient() {
        return client(baseUrl(), Duration.ofMillis(300), 1000);
    }

    /** One upload executor for every client these tests build; daemon or virtual threads, never left running. */
    private static final java.util.concurrent.ExecutorService UPLOADS = UpstreamClientConfiguration.uploads();

    static UpstreamIamClient client(URI baseUrl, Duration readTimeout, double maxRequestsPerSecond) {
        UpstreamProperties properties = properties(baseUrl, readTimeout, maxRequestsPerSecond);
        UpstreamClientConfiguration configuration = new UpstreamClientConfiguration();
        // A circuit that never opens: these tests are about single calls, not about runs of failures.
        UpstreamCircuit circuit =
                configuration.upstreamCircuit(new UpstreamCircuitProperties(100, 1000, 1000, Duration.ofSeconds(1), 1));
        return UpstreamClientConfiguration.client(
                properties, configuration.upstreamRateLimiter(properties), circuit, UPLOADS, UpstreamCallObserver.NONE);
    }

    static UpstreamProperties properties(URI baseUrl, Duration readTimeout, double maxRequestsPerSecond) {
        return new UpstreamProperties(
                baseUrl,
                PUBLIC_KEY,
                PRIVATE_KEY,
                null,
                Duration.ofMillis(500),
                readTimeout,
                maxRequestsPerSecond,
                3,
                Duration.ofMillis(10),
                true,
                2,
                11105);
    }

    /** Answers every request for that action. */
    void answer(String action, ResponseDefinitionBuilder response) {
        server.stubFor(any(anyUrl())
                .withRequestBody(containing("Action=" + action + "&"))
                .willReturn(response));
    }

    void answerJson(String action, String json) {
        answer(action, json(json));
    }

    static ResponseDefinitionBuilder json(String json) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withHeader(UpstreamExchange.REQUEST_ID_HEADER, REQUEST_ID)
                .withBody(json);
    }

    int requestCount() {
        return server.findAll(postRequestedFor(urlPathEqualTo("/"))).size();
    }

    List<LoggedRequest> requests() {
        return server.findAll(postRequestedFor(urlPathEqualTo("/")));
    }

    /** The decoded form of a request, in the order it was sent. */
    static Map<String, String> form(LoggedRequest request) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : request.getBodyAsString().split("&")) {
            String[] nameAndValue = pair.split("=", 2);
            form.put(
                    URLDecoder.decode(nameAndValue[0], StandardCharsets.UTF_8),
                    URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8));
        }
        return form;
    }

    @Override
    public void close() {
        server.stop();
    }
}
