package io.keywarden.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.sandbox.SandboxKeyStatus;
import io.keywarden.support.Api;
import io.keywarden.support.ApplicationTestBase;
import io.keywarden.support.KeywardenTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The 16 KiB body limit holds for every request, whatever the spelling of its path, its framing
 * and its content type: a body over the limit is a 413 problem, and nothing is created, stored,
 * changed or called upstream. Paths are sent as raw request lines, since HTTP clients normalise
 * them. A chunked form within the limit still creates, its parameters read from the counted bytes.
 */
@KeywardenTest
class BodyLimitTests extends ApplicationTestBase {

    private static final int OVER_LIMIT = 40 * 1024;
    private static final long TWENTY_MB = 20L * 1024 * 1024;
    private static final long THREE_MB = 3L * 1024 * 1024;

    @Test
    void aChunkedFormOverTheLimitToCompatIs413() {
        String user = newUser();

        RawHttp.Response answer = sendChunked("/v1/compat", "application/x-www-form-urlencoded", formOf(user));

        assertRefusedAndNothingDone(answer, user);
    }

    @Test
    void aChunkedJsonBodyOverTheLimitToCompatIs413() {
        String user = newUser();

        RawHttp.Response answer = sendChunked("/v1/compat", "application/json", jsonOf(user, "Action", "UserName"));

        assertRefusedAndNothingDone(answer, user);
    }

    @Test
    void aChunkedJsonBodyOverTheLimitToTheNativeCreateIs413() {
        String user = newUser();

        RawHttp.Response answer = sendChunked("/v1/access-keys", "application/json", jsonOf(user, null, "userName"));

        assertRefusedAndNothingDone(answer, user);
    }

    @Test
    void aChunkedFormOverTheLimitToTheNativeCreateIs413() {
        String user = newUser();

        RawHttp.Response answer = sendChunked("/v1/access-keys", "application/x-www-form-urlencoded", formOf(user));

        assertRefusedAndNothingDone(answer, user);
    }

    @Test
    void aChunkedFormWithinTheLimitStillCreates() {
        String user = newUser();
        byte[] form = ("Action=CreateAccessKey&UserName=" + user + "&Description=chunked+form+%C3%A9")
                .getBytes(StandardCharsets.US_ASCII);

        RawHttp.Response answer = sendChunked("/v1/compat?Region=cn-bj2", "application/x-www-form-urlencoded", form);

        assertThat(answer.status()).isEqualTo(200);
        String body = new String(answer.body().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        assertThat(body).contains("\"RetCode\":0").contains("chunked form é");
        assertThat(sandbox.keysOf(user)).hasSize(1);
    }

    @Test
    void aTwentyMegabyteCreateOnAPercentEncodedPathIs413AndAudited() {
        String user = newUser();
        long auditedBefore = oversizedCreatesAudited();
        byte[] json = ("{\"userName\":\"" + user + "\"}").getBytes(StandardCharsets.US_ASCII);

        RawHttp.Response answer = RawHttp.sendStreaming(
                port, head("POST /%761/access-keys", "application/json", Api.ISSUER), TWENTY_MB, (byte) ' ', json);

        assertRefusedAndNothingDone(answer, user);
        assertThat(oversizedCreatesAudited()).isEqualTo(auditedBefore + 1);
    }

    @Test
    void anOversizedCompatFormOnAPercentEncodedPathIs413AndCreatesNothing() {
        String user = newUser();
        // The action and user in the query: a container that gave up on the body would still create.
        byte[] form = "Description=".getBytes(StandardCharsets.US_ASCII);

        RawHttp.Response answer = RawHttp.sendStreaming(
                port,
                head(
                        "POST /%761/compat?Action=CreateAccessKey&UserName=" + user,
                        "application/x-www-form-urlencoded",
                        Api.ISSUER),
                THREE_MB,
                (byte) 'x',
                form);

        assertRefusedAndNothingDone(answer, user);
    }

    @Test
    void anOversizedCompatJsonBodyOnAPercentEncodedPathIs413() {
        String user = newUser();

        RawHttp.Response answer = sendChunked("/v1/%63ompat", "application/json", jsonOf(user, "Action", "UserName"));

        assertRefusedAndNothingDone(answer, user);
    }

    /** Spellings that routing and security decode to the create route, or refuse outright. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "/%761/access-keys",
                "/v1/access%2Dkeys",
                "/v1/%61ccess-keys",
                "/V1/access-keys",
                "/v1//access-keys",
                "/v1/access-keys;a=b",
                "/v1/x/../access-keys",
                "/v1/./access-keys"
            })
    void anOversizedChunkedCreateIsRefusedHoweverItsPathIsSpelled(String path) {
        String user = newUser();

        RawHttp.Response answer = sendChunked(path, "application/json", jsonOf(user, null, "userName"));

        assertThat(answer.status()).as(answer.head()).isBetween(400, 499);
        assertThat(answer.isProblem()).as(answer.head()).isTrue();
        if (!path.contains("//") && !path.contains(";") && !path.contains(".") && !path.startsWith("/V1")) {
            assertThat(answer.status()).as(answer.head()).isEqualTo(413);
        }
        assertNothingDone(user);
    }

    @Test
    void anOversizedChunkedBodyToAnActionThatReadsNoBodyChangesNothing() {
        String user = newUser();
        String id = api.createKey(Api.ISSUER, newIdempotencyKey(), user).text("accessKeyId");
        String path = Api.keyPath(id) + "/disable";

        RawHttp.Response answer = sendChunked(path, Api.ADMIN, "application/json", jsonOf(user, null, "note"));

        assertThat(answer.status()).as(answer.head()).isEqualTo(413);
        assertThat(api.call("GET", Api.keyPath(id)).token(Api.ADMIN).send().text("status"))
                .isEqualTo("ACTIVE");
        assertThat(sandbox.keysOf(user))
                .singleElement()
                .satisfies(key -> assertThat(key.status()).isEqualTo(SandboxKeyStatus.ACTIVE));
    }

    @Test
    void anOversizedBodyFromAnAnonymousCallerIsStill401() {
        RawHttp.Response answer = RawHttp.sendStreaming(
                port, head("POST /v1/access-keys", "application/json", null), THREE_MB, (byte) ' ', new byte[0]);

        assertThat(answer.status()).as(answer.head()).isEqualTo(401);
    }

    @Test
    void anOversizedConsoleFormIs413NotACsrfRefusal() {
        RawHttp.Response answer = sendChunked(
                "/console/keys/abc/disable", null, "application/x-www-form-urlencoded", formOf("team-console"));

        assertThat(answer.status()).as(answer.head()).isEqualTo(413);
        assertThat(answer.isProblem()).isTrue();
    }

    @Test
    void anOversizedBodyToTheSandboxIs413AndReachesNoSandboxAction() {
        long callsBefore = sandbox.callCount("CreateAccessKey");
        String user = newUser();

        RawHttp.Response answer =
                sendChunked("/sandbox/upstream", null, "application/x-www-form-urlencoded", formOf(user));

        assertThat(answer.status()).as(answer.head()).isEqualTo(413);
        assertThat(sandbox.callCount("CreateAccessKey")).isEqualTo(callsBefore);
        assertThat(sandbox.keysOf(user)).isEmpty();
    }

    @Test
    void anOversizedBodyToAnOpenActuatorPathIs413() {
        RawHttp.Response answer = sendChunked("/actuator/health", null, "application/json", jsonOf("x", null, "a"));

        assertThat(answer.status()).as(answer.head()).isEqualTo(413);
        assertThat(answer.isProblem()).isTrue();
    }

    private long oversizedCreatesAudited() {
        Api.Answer page = api.call(
                        "GET",
                        "/admin/v1/audit-events?actor=test-issuer&action=CREATE_ACCESS_KEY&outcome=INVALID&limit=200")
                .token(Api.ADMIN)
                .send();
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        long count = 0;
        for (var item : page.json().get("items")) {
            if (item.get("detail").asString().startsWith("413 ")) {
                count++;
            }
        }
        return count;
    }

    private static String head(String requestLine, String contentType, String token) {
        return requestLine + " HTTP/1.1\r\nHost: 127.0.0.1"
                + (token == null ? "" : "\r\nAuthorization: Bearer " + token)
                + "\r\nIdempotency-Key: " + newIdempotencyKey()
                + "\r\nContent-Type: " + contentType;
    }

    private void assertRefusedAndNothingDone(RawHttp.Response answer, String user) {
        assertThat(answer.status()).as(answer.head()).isEqualTo(413);
        assertThat(answer.isProblem()).isTrue();
        assertThat(answer.body())
                .contains("16384 bytes")
                .contains("\"type\":\"https://keywarden.io/problems/body-too-large\"");
        assertNothingDone(user);
    }

    private void assertNothingDone(String user) {
        assertThat(sandbox.keysOf(user)).isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM access_key WHERE user_name = ?", Long.class, user))
                .isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM issuance WHERE user_name = ?", Long.class, user))
                .isZero();
    }

    /** A valid create request whose Description pads it well past the limit. */
    private static byte[] formOf(String user) {
        return ("Action=CreateAccessKey&UserName=" + user + "&Description=" + "x".repeat(OVER_LIMIT))
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] jsonOf(String user, String actionField, String userField) {
        String action = actionField == null ? "" : "\"" + actionField + "\":\"CreateAccessKey\",";
        return ("{" + action + "\"" + userField + "\":\"" + user + "\",\"description\":\"" + "x".repeat(OVER_LIMIT)
                        + "\"}")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private RawHttp.Response sendChunked(String path, String contentType, byte[] body) {
        return sendChunked(path, Api.ISSUER, contentType, body);
    }

    private RawHttp.Response sendChunked(String path, String token, String contentType, byte[] body) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                        + "Idempotency-Key: " + newIdempotencyKey() + "\r\n"
                        + "Content-Type: " + contentType + "\r\n"
                        + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        int chunk = 4096;
        for (int at = 0; at < body.length; at += chunk) {
            int length = Math.min(chunk, body.length - at);
            request.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            request.write(body, at, length);
            request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        request.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return RawHttp.send(port, request.toByteArray());
    }
}
