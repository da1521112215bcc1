package io.keywarden.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.support.Api;
import io.keywarden.support.KeywardenTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests Tomcat or the security firewall refuse before any controller runs: each is still a
 * problem detail, as callers parse everywhere else, never the container's HTML page; it names no
 * server, holds no stack and echoes nothing of the refused input.
 */
@KeywardenTest
class ContainerRefusalTests extends HostileInputSupport {

    private static final String ECHO = "ECHOED";

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "GET /v1/access-keys/%zz" + ECHO,
                "GET /v1/access-keys/" + ECHO + "%2",
                "GET /v1/access-keys/" + ECHO + "%00x",
                "GET /v1/access-keys/" + ECHO + "%5Cx",
                "GET /v1/access-keys/" + ECHO + "{x}",
                "GET /v1/access-keys/" + ECHO + "\u007f",
                "DELETE /v1/access-keys/" + ECHO + ";x=1",
                "GET /v1//access-keys/" + ECHO,
                "GET /v1/access-keys/%2e%2e/" + ECHO,
            })
    void aUrlRefusedBeforeKeywardenRunsIsAProblem(String requestLine) {
        assertRefusedWithAProblem(
                RawHttp.send(port, RawHttp.request(requestLine + " HTTP/1.1\r\n" + headers(), new byte[0])));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "GET /v1/access-keys HTTP/1.1 " + ECHO,
                "GET /v1/access-keys" + ECHO + " HTTP/9.9",
                "G\u0001T /v1/access-keys/" + ECHO + " HTTP/1.1",
            })
    void aMalformedRequestLineIsAProblem(String requestLine) {
        assertRefusedWithAProblem(RawHttp.send(port, RawHttp.request(requestLine + "\r\n" + headers(), new byte[0])));
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {17 * 1024, 64 * 1024})
    void headersOverTheLimitAreAProblem(int size) {
        String header = "X-Padding: " + ECHO + "a".repeat(size);

        assertRefusedWithAProblem(RawHttp.send(
                port, RawHttp.request("GET /v1/access-keys HTTP/1.1\r\n" + headers() + "\r\n" + header, new byte[0])));
    }

    private static String headers() {
        return "Host: localhost\r\nAuthorization: Bearer " + Api.ADMIN;
    }

    private static void assertRefusedWithAProblem(RawHttp.Response response) {
        assertThat(response.status())
                .as(response.head())
                .satisfiesAnyOf(
                        status -> assertThat(status).isBetween(400, 499),
                        status -> assertThat(status)
                                .as("HTTP Version Not Supported")
                                .isEqualTo(505));
        assertThat(response.isProblem())
                .as(response.head() + "\n\n" + response.body())
                .isTrue();
        assertThat(response.body().toLowerCase()).doesNotContain("<html").doesNotContain("tomcat");
        assertThat(response.body()).doesNotContain(ECHO).doesNotContain("Exception");
        JsonNode problem = JsonMapper.builder().build().readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(response.status());
        assertThat(problem.get("title").asString()).isNotBlank();
    }
}
