package io.keywarden.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.support.Api;
import io.keywarden.support.KeywardenTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;

/**
 * Hostile bodies and headers on the writing endpoints: nesting bombs, duplicate keys, wrong
 * types, huge numbers, unknown fields, bytes that are not UTF-8, CR and LF inside header values.
 * Each is a 4xx problem (the compat endpoint answers its RetCode envelope instead), nothing is
 * stored or sent upstream, and no log line can be forged.
 */
@KeywardenTest
class HostileBodyAndHeaderTests extends HostileInputSupport {

    static Stream<String> createBodies() {
        return Stream.of(
                "[".repeat(100_000) + "]".repeat(100_000),
                "{\"userName\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}",
                "{\"userName\":\"team-a\",\"userName\":\"team-b\"}",
                "{\"userName\":\"team-a\",\"description\":{\"a\":1}}",
                "{\"userName\":1e999999}",
                "{\"userName\":123456789012345678901234567890}",
                "{\"userName\":true}",
                "{\"userName\":null}",
                "{\"userName\":\"team-a\",\"admin\":true}",
                "{\"userName\":\"" + "a".repeat(100) + "\"}",
                "{\"userName\":\"x\\r\\n" + FORGED + " INFO\"}",
                "{\"userName\":\"team-a\",\"description\":\"x\\r\\n" + FORGED + "\"}",
                "{\"userName\":\"team-a\\u0000\"}",
                "{\"userName\":\"' OR 1=1; --\"}",
                "{\"userName\":\"../../etc\"}",
                "{\"userName\":\"team-a\"} trailing",
                "\"team-a\"",
                "{}");
    }

    @ParameterizedTest
    @MethodSource("createBodies")
    void aHostileCreateBodyIsAProblem(String body, CapturedOutput output) {
        long started = System.nanoTime();

        Api.Answer answer = api.call("POST", "/v1/access-keys")
                .token(Api.ISSUER)
                .header("Idempotency-Key", "hostile-body-" + Math.abs(body.hashCode()))
                .json(body)
                .send();

        assertProblem(answer);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertNotForged(output);
    }

    /** The compat API ignores parameters it does not know, as the upstream does: those bodies are not hostile there. */
    static Stream<String> compatBodies() {
        return createBodies().filter(body -> !body.contains("admin") && !body.contains("description"));
    }

    @ParameterizedTest
    @MethodSource("compatBodies")
    void aHostileCompatBodyIsARetCodeOrAProblem(String body, CapturedOutput output) {
        Api.Answer answer = api.call("POST", "/v1/compat")
                .token(Api.ISSUER)
                .json(body.replace("userName", "UserName").replace("{\"", "{\"Action\":\"CreateAccessKey\",\""))
                .send();

        assertCompatRefusal(answer);
        assertNotForged(output);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Action=CreateAccessKey&UserName=x%0D%0AFORGED-LOG-LINE",
                "Action=CreateAccessKey&UserName=team-a&UserName=team-b",
                "Action=CreateAccessKey&UserName=%FF%FE",
                "Action=Delete%00AccessKey&UserName=team-a",
                "Action=CreateAccessKey&UserName=team-a&Description=%0D%0AFORGED-LOG-LINE"
            })
    void aHostileCompatFormIsARetCode(String form, CapturedOutput output) {
        Api.Answer answer = api.call("POST", "/v1/compat")
                .token(Api.ISSUER)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(form)
                .send();

        assertCompatRefusal(answer);
        assertNotForged(output);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "Bearer",
                "Bearer ",
                "Basic dGVzdDp0ZXN0",
                "Bearer test-issuer-token extra",
                "Bearer ' OR 1=1 --",
            })
    void aHostileAuthorizationIs401(String authorization) {
        Api.Answer answer = api.call("GET", "/v1/access-keys")
                .header("Authorization", authorization)
                .send();

        assertThat(answer.status()).isEqualTo(401);
        assertProblem(answer);
    }

    @Test
    void anOverlongTokenIs401() {
        assertProblem(api.call("GET", "/admin/v1/jobs")
                .header("Authorization", "Bearer " + "a".repeat(10_000))
                .send());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\t"})
    void aHostileIdempotencyKeyIs400(String idempotencyKey) {
        Api.Answer answer = api.call("POST", "/v1/access-keys")
                .token(Api.ISSUER)
                .header("Idempotency-Key", idempotencyKey)
                .json("{\"userName\":\"team-hostile\"}")
                .send();

        assertThat(answer.status()).isEqualTo(400);
        assertProblem(answer);
    }

    @Test
    void anIdempotencyKeyOf256CharactersIs400() {
        assertProblem(api.call("POST", "/v1/access-keys")
                .token(Api.ISSUER)
                .header("Idempotency-Key", "k".repeat(256))
                .json("{\"userName\":\"team-hostile\"}")
                .send());
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/xml", "application/json; charset=bogus", ";;;", "*/*"})
    void aHostileContentTypeIsA4xxProblem(String contentType) {
        Api.Answer answer = api.call("POST", "/v1/access-keys")
                .token(Api.ISSUER)
                .header("Idempotency-Key", "hostile-content-type")
                .header("Content-Type", contentType)
                .body("{\"userName\":\"team-hostile\"}")
                .send();

        assertProblem(answer);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Idempotency-Key: a\rFORGED-LOG-LINE",
                "X-Request-Id: a\rFORGED-LOG-LINE INFO forged",
                "X-Request-Id: ../../\u00ff\u00fe",
                "Idempotency-Key: \u00ff\u00fe\u00fd",
                "Authorization: Bearer \u00ff\u00fe"
            })
    void rawHeaderBytesAreRefusedAndTheRequestIdIsNeverEchoed(String header, CapturedOutput output) {
        RawHttp.Response response = RawHttp.send(
                port,
                RawHttp.request(
                        "POST /v1/access-keys HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                                + (header.startsWith("Authorization")
                                        ? ""
                                        : "Authorization: Bearer " + Api.ISSUER + "\r\n")
                                + header,
                        "{\"userName\":\"team-hostile\"}".getBytes(StandardCharsets.UTF_8)));

        assertThat(response.status()).as(response.head()).isBetween(400, 499);
        assertThat(response.head()).doesNotContain(FORGED).doesNotContain("\u00ff");
        assertNotForged(output);
    }

    @Test
    void aBodyThatIsNotUtf8IsA400Problem(CapturedOutput output) {
        byte[] body = {
            '{',
            '"',
            'u',
            's',
            'e',
            'r',
            'N',
            'a',
            'm',
            'e',
            '"',
            ':',
            '"',
            (byte) 0xC3,
            (byte) 0x28,
            (byte) 0xFF,
            '"',
            '}'
        };

        RawHttp.Response response = RawHttp.send(
                port,
                RawHttp.request(
                        "POST /v1/access-keys HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                                + "Authorization: Bearer " + Api.ISSUER + "\r\nIdempotency-Key: hostile-utf8",
                        body));

        assertThat(response.status()).as(response.head()).isEqualTo(400);
        assertThat(response.isProblem()).isTrue();
        assertNotForged(output);
    }

    private static void assertCompatRefusal(Api.Answer answer) {
        if (answer.status() == 200) {
            assertThat(answer.json().get("RetCode").asInt())
                    .as(answer.toString())
                    .isNotZero();
            assertThat(answer.body()).doesNotContain("AccessKeySecret");
        } else {
            assertProblem(answer);
        }
    }
}
