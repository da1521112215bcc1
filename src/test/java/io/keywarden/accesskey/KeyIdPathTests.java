package io.keywarden.accesskey;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.sandbox.SandboxKey;
import io.keywarden.sandbox.SandboxKeyStatus;
import io.keywarden.support.Api;
import io.keywarden.support.ApplicationTestBase;
import io.keywarden.support.KeywardenTest;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gateway's key ids are users' public keys: standard Base64 with {@code /}, {@code +} and
 * {@code =}, and on older accounts an e-mail address followed by digits. Every key path must reach
 * the key whatever its id holds, sent as one percent-encoded path segment, and the {@code Location}
 * of a new key must be callable as it stands. An encoded slash stays inside the id; a raw one is a
 * path separator and never reaches some other key.
 */
@KeywardenTest
class KeyIdPathTests extends ApplicationTestBase {

    private static final String SLASHES = "nfpO7E+etgHCYl//wT+ZQnwR3eBvpaW/HCPXV1uWzbc=";
    private static final String ONE_SLASH = "y96isICDOCmD6xsKq/BpOkWmyRXlF0jE+Nq3vT1wZ8s=";
    private static final String OLD_ACCOUNT = "ucloudsomeone@example.com1296235120854146120";
    private static final SecureRandom RANDOM = new SecureRandom();

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                SLASHES,
                "+/9fURdfmduo0fV1E4UwHmQdISlyTkCYk7SAccHTaDs=",
                OLD_ACCOUNT,
                "4E9UU0Vh%2FqsOd6DX%25IMzWu/hbAiOg+VrwPL==",
                "KheC8KgCWoZtG//r/CZ+W6p05ZQ7FFxDzEweZAdDMGwOk57Rbqqq1wFN2blKSY1+QtnpNm8j/T6qfjZ5Xstlv6kAJT+rfA3M4EAeddtaIwU8gRMXOhwRskRg3X5jx41Y"
            })
    void everyKeyPathReachesTheKeyWhateverItsIdHolds(String shape) {
        String id = fresh(shape);
        String user = newUser();
        recordUpstreamKey(user, id);

        Api.Answer read = api.call("GET", Api.keyPath(id)).token(Api.ISSUER).send();
        Api.Answer disabled = admin("POST", Api.keyPath(id) + "/disable");
        SandboxKeyStatus upstreamAfterDisable = upstreamStatus(user, id);
        Api.Answer enabled = admin("POST", Api.keyPath(id) + "/enable");
        Api.Answer rotated = api.call("POST", Api.keyPath(id) + "/rotate")
                .token(Api.ISSUER)
                .header("Idempotency-Key", newIdempotencyKey())
                .send();
        Api.Answer deleted = admin("DELETE", Api.keyPath(id));

        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.text("accessKeyId")).isEqualTo(id);
        assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);
        assertThat(upstreamAfterDisable).isEqualTo(SandboxKeyStatus.INACTIVE);
        assertThat(enabled.text("status")).as(enabled.toString()).isEqualTo("ACTIVE");
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(201);
        assertThat(rotated.text("rotatedFrom")).isEqualTo(id);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        assertThat(deleted.text("status")).isEqualTo("DELETED");
        assertThat(sandbox.keysOf(user))
                .extracting(SandboxKey::accessKeyId)
                .containsExactly(rotated.text("accessKeyId"));
        assertThat(auditEvents.ofKey(id).stream().map(event -> event.action() + " " + event.outcome()))
                .containsExactly(
                        "DISABLE_ACCESS_KEY SUCCEEDED",
                        "ENABLE_ACCESS_KEY SUCCEEDED",
                        "SUPERSEDE_ACCESS_KEY SUCCEEDED",
                        "DELETE_ACCESS_KEY SUCCEEDED");
    }

    @Test
    void theLocationOfANewKeyIsItsPathAndAnswersTheKey() {
        String user = newUser();
        Api.Answer created = createUntilIdHolds(user, "/");
        String id = created.text("accessKeyId");

        Api.Answer atLocation =
                api.call("GET", created.header("Location")).token(Api.ISSUER).send();

        assertThat(created.header("Location"))
                .isEqualTo("/v1/access-keys/" + id.replace("/", "%2F"))
                .doesNotContain(id);
        assertThat(atLocation.status()).as(atLocation.toString()).isEqualTo(200);
        assertThat(atLocation.text("accessKeyId")).isEqualTo(id);
    }

    @Test
    void theLocationOfARotatedKeyAnswersTheSuccessor() {
        String user = newUser();
        String old = createUntilIdHolds(user, "/").text("accessKeyId");

        Api.Answer rotated = api.call("POST", Api.keyPath(old) + "/rotate")
                .token(Api.ISSUER)
                .header("Idempotency-Key", newIdempotencyKey())
                .send();
        Api.Answer atLocation =
                api.call("GET", rotated.header("Location")).token(Api.ISSUER).send();

        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(201);
        assertThat(atLocation.text("accessKeyId")).isEqualTo(rotated.text("accessKeyId"));
        assertThat(atLocation.text("rotatedFrom")).isEqualTo(old);
    }

    @Test
    void eachCharacterReachesTheIdEncodedOrAsItStandsWherePathsAllowIt() {
        String base64 = fresh("+/9fURdfmduo0fV1E4UwHmQdISlyTkCYk7SAccHTaDs=");
        String oldAccount = fresh(OLD_ACCOUNT);
        String percent = fresh("4E9UU0Vh%2FqsOd6DX%25IMzWu/hbAiOg+VrwPL==");
        recordUpstreamKey(newUser(), base64);
        recordUpstreamKey(newUser(), oldAccount);
        recordUpstreamKey(newUser(), percent);

        assertThat(idAt(base64.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")))
                .isEqualTo(base64);
        assertThat(idAt(base64.replace("+", "%2b").replace("/", "%2f").replace("=", "%3d")))
                .isEqualTo(base64);
        assertThat(idAt(base64.replace("/", "%2F"))).isEqualTo(base64);
        assertThat(idAt(oldAccount.replace("@", "%40"))).isEqualTo(oldAccount);
        assertThat(idAt(oldAccount)).isEqualTo(oldAccount);
        assertThat(idAt(percent.replace("%", "%25").replace("/", "%2F").replace("=", "%3D")))
                .isEqualTo(percent);
    }

    @Test
    void anEncodedSlashStaysInsideTheIdAndARawSlashReachesNoKey() {
        String user = newUser();
        String slashes = fresh(SLASHES);
        String prefix = slashes.substring(0, slashes.indexOf('/'));
        String rest = slashes.substring(slashes.indexOf('/') + 1);
        recordUpstreamKey(user, slashes);
        recordUpstreamKey(newUser(), prefix);

        Api.Answer encoded =
                api.call("GET", Api.keyPath(slashes)).token(Api.ADMIN).send();
        Api.Answer raw =
                api.call("GET", "/v1/access-keys/" + slashes).token(Api.ADMIN).send();
        Api.Answer rawDelete = api.call("DELETE", "/v1/access-keys/" + slashes)
                .token(Api.ADMIN)
                .send();
        Api.Answer rawDisable = api.call(
                        "POST", "/v1/access-keys/" + prefix + "/" + rest.replace("/", "%2F") + "/disable")
                .token(Api.ADMIN)
                .send();

        assertThat(encoded.status()).as(encoded.toString()).isEqualTo(200);
        assertThat(encoded.text("accessKeyId")).isEqualTo(slashes);
        for (Api.Answer refused : List.of(raw, rawDelete, rawDisable)) {
            assertThat(refused.status()).as(refused.toString()).isBetween(400, 499);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.body()).doesNotContain("accessKeyId");
        }
        assertThat(sandbox.keysOf(user))
                .singleElement()
                .satisfies(key -> assertThat(key.status()).isEqualTo(SandboxKeyStatus.ACTIVE));
        assertThat(jdbc.queryForList(
                        "SELECT status FROM access_key WHERE access_key_id IN (?, ?)", String.class, slashes, prefix))
                .containsExactly("ACTIVE", "ACTIVE");
    }

    @Test
    void aRawSlashInAnIdIsTheSame404ToEveryReaderAndSaysHowToSendIt() {
        String user = newUser();
        String slashes = fresh(ONE_SLASH);
        recordUpstreamKey(user, slashes);

        for (String token : List.of(Api.AUDITOR, Api.ISSUER, Api.ADMIN)) {
            Api.Answer raw =
                    api.call("GET", "/v1/access-keys/" + slashes).token(token).send();

            assertThat(raw.status()).as(raw.toString()).isEqualTo(404);
            assertThat(raw.text("type")).isEqualTo("https://keywarden.io/problems/not-found");
            assertThat(raw.text("detail")).contains("'/' as %2F").doesNotContain(slashes.substring(0, 8));
        }
    }

    /**
     * The given id with its last ten letters and digits drawn anew (letters stay letters, digits
     * digits), so each test holds ids of that shape no other test holds.
     */
    private static String fresh(String shape) {
        char[] id = shape.toCharArray();
        int replaced = 0;
        for (int i = id.length - 1; i >= 0 && replaced < 10; i--) {
            if (Character.isDigit(id[i])) {
                id[i] = (char) ('0' + RANDOM.nextInt(10));
                replaced++;
            } else if (Character.isLetter(id[i])) {
                id[i] = (char) ((RANDOM.nextBoolean() ? 'a' : 'A') + RANDOM.nextInt(26));
                replaced++;
            }
        }
        return new String(id);
    }

    private String idAt(String encodedId) {
        String path = "/v1/access-keys/" + encodedId;
        Api.Answer answer = api.call("GET", path).token(Api.ADMIN).send();
        assertThat(answer.status()).as(path + ": " + answer).isEqualTo(200);
        return answer.text("accessKeyId");
    }

    private Api.Answer admin(String method, String path) {
        return api.call(method, path).token(Api.ADMIN).send();
    }

    /** Sandbox ids hold a slash at least every other time; twenty misses in a row mean they do not. */
    private Api.Answer createUntilIdHolds(String user, String text) {
        for (int attempt = 0; attempt < 20; attempt++) {
            Api.Answer created = api.createKey(Api.ISSUER, newIdempotencyKey(), user);
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            if (created.text("accessKeyId").contains(text)) {
                return created;
            }
            admin("DELETE", Api.keyPath(created.text("accessKeyId")));
        }
        throw new AssertionError("No new key's id held " + text);
    }

    /** A key made upstream outside keywarden, recorded as if keywarden had issued it. */
    private void recordUpstreamKey(String user, String id) {
        SandboxKey key = sandbox.addKey(user, id).orElseThrow();
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("""
                INSERT INTO access_key (access_key_id, user_name, upstream_user_id, description, status,
                    secret_sha256, issued_by, issuance_id, created_at, updated_at, recorded_at)
                VALUES (?, ?, ?, 'recorded by the test', 'ACTIVE', ?, 'test-issuer', ?, ?, ?, ?)
                """, id, user, key.userId(), "0".repeat(64), UUID.randomUUID(), now, now, now);
    }

    private SandboxKeyStatus upstreamStatus(String user, String id) {
        return sandbox.keysOf(user).stream()
                .filter(key -> key.accessKeyId().equals(id))
                .findFirst()
                .orElseThrow()
                .status();
    }
}
