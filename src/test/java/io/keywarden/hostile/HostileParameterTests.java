package io.keywarden.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.support.Api;
import io.keywarden.support.KeywardenTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.system.CapturedOutput;

/**
 * Hostile path ids, query parameters and job names on every endpoint that takes them: each is a
 * 4xx problem (a free-text search that finds nothing is an empty page), nothing is stored or
 * sent upstream, and nothing the input holds can start a log line of its own.
 */
@KeywardenTest
class HostileParameterTests extends HostileInputSupport {

    static Stream<Arguments> idEndpoints() {
        return INJECTIONS.stream()
                .flatMap(value -> Stream.of(
                        Arguments.of("GET", "/v1/access-keys/%s", Api.ADMIN, value),
                        Arguments.of("DELETE", "/v1/access-keys/%s", Api.ADMIN, value),
                        Arguments.of("POST", "/v1/access-keys/%s/rotate", Api.ISSUER, value),
                        Arguments.of("POST", "/v1/access-keys/%s/disable", Api.ADMIN, value),
                        Arguments.of("POST", "/v1/access-keys/%s/enable", Api.ADMIN, value),
                        Arguments.of("POST", "/admin/v1/jobs/%s/runs", Api.ADMIN, value)));
    }

    @ParameterizedTest(name = "{0} {1} with {3}")
    @MethodSource("idEndpoints")
    void aHostileIdIsAProblem(String method, String template, String token, String value, CapturedOutput output) {
        Api.Answer answer = api.call(method, template.formatted(encode(value)))
                .token(token)
                .header("Idempotency-Key", "hostile-" + Math.abs(value.hashCode()))
                .send();

        assertProblem(answer);
        assertNotForged(output);
    }

    static Stream<Arguments> strictParameters() {
        List<String> numbers = List.of("-1", "0", "501", "99999999999999999999999", "1e3", "NaN", "abc", "");
        Stream<Arguments> limits = numbers.stream()
                .filter(n -> !n.isEmpty())
                .flatMap(n -> Stream.of(
                        Arguments.of("/v1/access-keys", "limit", n),
                        Arguments.of("/admin/v1/audit-events", "limit", n)));
        Stream<Arguments> others = INJECTIONS.stream()
                .flatMap(value -> Stream.of(
                        Arguments.of("/v1/access-keys", "status", value),
                        Arguments.of("/v1/access-keys", "cursor", value),
                        Arguments.of("/v1/access-keys", "dueForRotation", value),
                        Arguments.of("/admin/v1/audit-events", "action", value),
                        Arguments.of("/admin/v1/audit-events", "outcome", value),
                        Arguments.of("/admin/v1/audit-events", "from", value),
                        Arguments.of("/admin/v1/audit-events", "to", value),
                        Arguments.of("/admin/v1/audit-events", "cursor", value)));
        return Stream.concat(limits, others);
    }

    @ParameterizedTest(name = "GET {0}?{1}={2}")
    @MethodSource("strictParameters")
    void aHostileParameterIsAProblem(String path, String name, String value, CapturedOutput output) {
        assertProblem(get(path, name, value));
        assertNotForged(output);
    }

    static Stream<Arguments> searchTexts() {
        return INJECTIONS.stream()
                .flatMap(value -> Stream.of(
                        Arguments.of("/v1/access-keys", "userName", value),
                        Arguments.of("/admin/v1/audit-events", "userName", value),
                        Arguments.of("/admin/v1/audit-events", "actor", value)));
    }

    @ParameterizedTest(name = "GET {0}?{1}={2}")
    @MethodSource("searchTexts")
    void aHostileSearchTextFindsNothing(String path, String name, String value, CapturedOutput output) {
        assertProblemOrEmptyPage(get(path, name, value));
        assertNotForged(output);
    }

    @Test
    void aRepeatedParameterIsNeverA500() {
        assertThat(api.call("GET", "/v1/access-keys?limit=1&limit=abc")
                        .token(Api.ADMIN)
                        .send()
                        .status())
                .isIn(200, 400);
        assertProblem(api.call("GET", "/admin/v1/audit-events?from=x&from=y")
                .token(Api.ADMIN)
                .send());
    }

    private Api.Answer get(String path, String name, String value) {
        return api.call("GET", path + "?" + name + "=" + encode(value))
                .token(Api.ADMIN)
                .send();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
