package io.keywarden.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.support.Api;
import io.keywarden.support.ApplicationTestBase;
import io.keywarden.support.KeywardenTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The 16 KiB body limit holds for the bytes actually sent, whatever the framing: a chunked body
 * (no {@code Content-Length} to refuse up front) over the limit is a 413 problem, form or JSON,
 * on the compat and the native create, and nothing is created, stored or called upstream. A
 * chunked form within the limit still creates, its parameters read from the counted bytes.
 */
@KeywardenTest
class ChunkedBodyLimitTests extends ApplicationTestBase {

    private static final int OVER_LIMIT = 40 * 1024;

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

    private void assertRefusedAndNothingDone(RawHttp.Response answer, String user) {
        assertThat(answer.status()).as(answer.head()).isEqualTo(413);
        assertThat(answer.isProblem()).isTrue();
        assertThat(answer.body()).contains("16384 bytes");
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
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Authorization: Bearer " + Api.ISSUER + "\r\n"
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
