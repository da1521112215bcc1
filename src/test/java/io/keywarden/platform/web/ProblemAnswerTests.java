package io.keywarden.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.support.Api;
import io.keywarden.support.ApplicationTestBase;
import io.keywarden.support.KeywardenTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Errors a newcomer can act on: a wrong duration names the ISO-8601 form, malformed JSON says
 * where, a wrong content type says which one to send, and every problem keywarden answers carries a
 * {@code type}, the framework's and the container's own refusals included.
 */
@KeywardenTest
class ProblemAnswerTests extends ApplicationTestBase {

    private static final String TYPES = "https://keywarden.io/problems/";

    @Test
    void aTtlThatIsNotAnIsoDurationNamesTheForm() {
        Api.Answer answer = create("{\"userName\":\"" + newUser() + "\",\"ttl\":\"2h\"}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text("type")).isEqualTo(TYPES + "invalid-request");
        assertThat(answer.text("parameter")).isEqualTo("ttl");
        assertThat(answer.text("detail")).contains("ISO-8601").contains("PT2H");
    }

    @Test
    void aRenewalTtlThatIsNotAnIsoDurationNamesTheFormToo() {
        String user = newUser();
        String id = api.createKey(Api.ISSUER, newIdempotencyKey(), user).text("accessKeyId");

        Api.Answer answer = api.call("POST", Api.keyPath(id) + "/renew")
                .token(Api.ISSUER)
                .json("{\"ttl\":\"2 hours\"}")
                .send();

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text("detail")).contains("PT2H");
    }

    @Test
    void aTimeOfTheWrongFormNamesRfc3339AndItsPath() {
        Api.Answer answer = api.call("POST", "/admin/v1/revocations")
                .token(Api.ADMIN)
                .json("{\"filter\":{\"createdAfter\":\"yesterday\"},\"reason\":\"x\"}")
                .send();

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text("parameter")).isEqualTo("filter.createdAfter");
        assertThat(answer.text("detail")).contains("RFC 3339").contains("2026-11-27T00:00:00Z");
    }

    @Test
    void malformedJsonSaysWhereItBreaks() {
        Api.Answer answer = create("{\"userName\": \"team-x\",\n  \"description\": \"a\",,\n}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text("type")).isEqualTo(TYPES + "invalid-request");
        assertThat(answer.text("detail")).contains("line 2, column");
        assertThat(answer.json().get("line").asInt()).isEqualTo(2);
        assertThat(answer.json().get("column").asInt()).isPositive();
        assertThat(answer.body()).doesNotContain("team-x");
    }

    @Test
    void aWrongContentTypeSaysToSendJson() {
        Api.Answer answer = api.call("POST", "/v1/access-keys")
                .token(Api.ISSUER)
                .header("Idempotency-Key", newIdempotencyKey())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body("userName=team-x")
                .send();

        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.text("type")).isEqualTo(TYPES + "unsupported-media-type");
        assertThat(answer.text("detail")).contains("Content-Type: application/json");
    }

    @Test
    void aQueryParameterOfTheWrongFormIsNamedNotEchoed() {
        Api.Answer answer = api.call("GET", "/v1/access-keys?limit=abc%3Cscript%3E")
                .token(Api.ADMIN)
                .send();

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text("type")).isEqualTo(TYPES + "invalid-request");
        assertThat(answer.text("parameter")).isEqualTo("limit");
        assertThat(answer.text("detail")).contains("whole number").doesNotContain("script");
    }

    @Test
    void theFrameworksOwnRefusalsCarryAType() {
        assertTyped(api.call("PUT", "/v1/compat").token(Api.ISSUER).send(), 405, "method-not-allowed");
        assertTyped(
                api.call("GET", "/admin/v1/jobs")
                        .token(Api.ADMIN)
                        .header("Accept", "image/png")
                        .send(),
                406,
                "not-acceptable");
        assertTyped(
                api.call("POST", "/v1/access-keys")
                        .token(Api.ISSUER)
                        .header("Idempotency-Key", newIdempotencyKey())
                        .header("Content-Type", "text/plain")
                        .body("x")
                        .send(),
                415,
                "unsupported-media-type");
        assertTyped(api.call("GET", "/v1/no-such-thing").token(Api.ADMIN).send(), 404, "not-found");
        assertTyped(
                api.call("POST", "/v1/access-keys")
                        .token(Api.ISSUER)
                        .header("Idempotency-Key", newIdempotencyKey())
                        .header("Content-Type", "application/json")
                        .send(),
                400,
                "invalid-request");
        assertTyped(api.call("GET", "/v1/access-keys").send(), 401, "unauthenticated");
        assertTyped(api.call("GET", "/admin/v1/jobs").token(Api.ISSUER).send(), 403, "forbidden");
        assertTyped(api.call("TRACE", "/v1/compat").token(Api.ISSUER).send(), 405, "method-not-allowed");
    }

    @Test
    void refusalsBeforeKeywardenRunsCarryATypeToo() {
        assertTypedRaw("GET /v1/access-keys/%zz HTTP/1.1", 400, "invalid-request");
        assertTypedRaw("GET /v1/access-keys;x=y HTTP/1.1", 400, "invalid-request");
    }

    private Api.Answer create(String json) {
        return api.call("POST", "/v1/access-keys")
                .token(Api.ISSUER)
                .header("Idempotency-Key", newIdempotencyKey())
                .json(json)
                .send();
    }

    private static void assertTyped(Api.Answer answer, int status, String type) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).as(answer.toString()).startsWith("application/problem+json");
        assertThat(answer.text("type")).as(answer.toString()).isEqualTo(TYPES + type);
    }

    private void assertTypedRaw(String requestLine, int status, String type) {
        String answer = exchange(requestLine + "\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + Api.ADMIN
                + "\r\nConnection: close\r\n\r\n");
        assertThat(answer).as(requestLine).startsWith("HTTP/1.1 " + status);
        JsonNode problem = JsonMapper.builder().build().readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        assertThat(problem.get("type").asString()).as(requestLine).isEqualTo(TYPES + type);
    }

    private String exchange(String request) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            in.transferTo(received);
            return received.toString(StandardCharsets.ISO_8859_1);
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
