package io.keywarden.issuance;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.sandbox.SandboxKey;
import io.keywarden.support.Api;
import io.keywarden.support.ApplicationTestBase;
import io.keywarden.support.KeywardenTest;
import io.keywarden.support.SealedSecretOpener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.hpke.HPKE;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * A client with {@code seal-to} ({@code test-sealed-issuer}, application-test.yml) receives every
 * secret only sealed to its X25519 key: over the API's create, rotate, compat create and their
 * replays. Each sealed secret is opened with an implementation independent of keywarden's (Bouncy
 * Castle) and the consumer's private key, which only this test holds, and compared with the
 * secret the upstream itself keeps. The clear secret is in no answer, no log line and no table.
 */
@KeywardenTest
@ExtendWith(OutputCaptureExtension.class)
public class SealedSecretsTests extends ApplicationTestBase {

    /** The private half of test-sealed-issuer's and test-auto-rotator's {@code seal-to}, as {@code openssl genpkey -algorithm X25519} wrote it. */
    public static final String CONSUMER_KEY_PEM = """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VuBCIEIJBKXZYwHoI94jC05nEnxdTo/iP8HISGWHNJnjy4Ao9e
            -----END PRIVATE KEY-----
            """;

    private final SealedSecretOpener consumer = new SealedSecretOpener(rawPrivateKey(CONSUMER_KEY_PEM));

    @Autowired
    LoggingSystem logging;

    @BeforeEach
    void logAtDebug() {
        logging.setLogLevel("io.keywarden", LogLevel.DEBUG);
    }

    @AfterEach
    void restoreLevel() {
        logging.setLogLevel("io.keywarden", null);
    }

    @Test
    void aCreateAndItsReplayAnswerOnlyTheSameSealedSecretWhichOpensToTheUpstreamsSecret(CapturedOutput output)
            throws Exception {
        String user = newUser();
        String idempotencyKey = newIdempotencyKey();

        Api.Answer created = api.createKey(Api.SEALED_ISSUER, idempotencyKey, user);
        Api.Answer replayed = api.createKey(Api.SEALED_ISSUER, idempotencyKey, user);

        assertThat(created.status()).isEqualTo(201);
        String keyId = created.text("accessKeyId");
        JsonNode sealed = created.json().get("sealedSecret");
        assertThat(created.json().has("accessKeySecret")).isFalse();
        assertThat(sealed.get("suite").asString()).isEqualTo("DHKEM_X25519_HKDF_SHA256/HKDF_SHA256/AES_128_GCM");
        assertThat(sealed.get("info").asString()).isEqualTo("keywarden-secret:v1:" + keyId);
        assertThat(Base64.getDecoder().decode(sealed.get("enc").asString())).hasSize(32);
        String secret = consumer.open(sealed, keyId);
        assertThat(secret).isEqualTo(upstreamSecret(user, keyId));
        assertThat(replayed.status()).isEqualTo(201);
        assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replayed.body()).isEqualTo(created.body());
        assertNowhereInClear(secret, output);
    }

    @Test
    void aRotationAnswersTheSuccessorsSecretOnlySealed(CapturedOutput output) throws Exception {
        String user = newUser();
        String predecessor =
                api.createKey(Api.SEALED_ISSUER, newIdempotencyKey(), user).text("accessKeyId");
        String idempotencyKey = newIdempotencyKey();

        Api.Answer rotated = rotate(predecessor, idempotencyKey);
        Api.Answer replayed = rotate(predecessor, idempotencyKey);

        assertThat(rotated.status()).isEqualTo(201);
        String successor = rotated.text("accessKeyId");
        assertThat(rotated.text("rotatedFrom")).isEqualTo(predecessor);
        assertThat(rotated.json().has("accessKeySecret")).isFalse();
        JsonNode sealed = rotated.json().get("sealedSecret");
        assertThat(sealed.get("info").asString()).isEqualTo("keywarden-secret:v1:" + successor);
        String secret = consumer.open(sealed, successor);
        assertThat(secret).isEqualTo(upstreamSecret(user, successor));
        assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replayed.body()).isEqualTo(rotated.body());
        assertNowhereInClear(secret, output);
    }

    @Test
    void theCompatEnvelopeCarriesAccessKeySecretSealedInPlaceOfAccessKeySecret(CapturedOutput output) throws Exception {
        String user = newUser();
        String idempotencyKey = newIdempotencyKey();

        Api.Answer created = compatCreate(user, idempotencyKey);
        Api.Answer replayed = compatCreate(user, idempotencyKey);

        assertThat(created.status()).isEqualTo(200);
        JsonNode key = created.json().get("AccessKey");
        assertThat(created.json().get("RetCode").asInt()).isZero();
        assertThat(key.has("AccessKeySecret")).isFalse();
        String keyId = key.get("AccessKeyID").asString();
        JsonNode sealed = key.get("AccessKeySecretSealed");
        assertThat(sealed.get("suite").asString()).isEqualTo("DHKEM_X25519_HKDF_SHA256/HKDF_SHA256/AES_128_GCM");
        assertThat(sealed.get("info").asString()).isEqualTo("keywarden-secret:v1:" + keyId);
        String secret = consumer.open(sealed, keyId);
        assertThat(secret).isEqualTo(upstreamSecret(user, keyId));
        assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replayed.body()).isEqualTo(created.body());
        assertNowhereInClear(secret, output);
    }

    @Test
    void aClientWithoutSealToStillReceivesItsSecretInClear() {
        String user = newUser();

        Api.Answer created = api.createKey(Api.ISSUER, newIdempotencyKey(), user);

        assertThat(created.status()).isEqualTo(201);
        String keyId = created.text("accessKeyId");
        assertThat(created.text("accessKeySecret")).isEqualTo(upstreamSecret(user, keyId));
        assertThat(created.json().has("sealedSecret")).isFalse();
    }

    /** docs/sealed-secrets.md's program, run as the guide says, opens what the API answered. */
    @Test
    void theGuidesProgramOpensASealedSecretAsWritten(@TempDir Path dir) throws Exception {
        String user = newUser();
        Api.Answer created = api.createKey(Api.SEALED_ISSUER, newIdempotencyKey(), user);
        Api.Answer compat = compatCreate(newUser(), newIdempotencyKey());
        Path key = Files.writeString(dir.resolve("consumer.pem"), CONSUMER_KEY_PEM);
        Path answer = Files.writeString(dir.resolve("answer.json"), created.body());
        Path envelope = Files.writeString(dir.resolve("envelope.json"), compat.body());

        assertThat(openSealed(key, answer)).isEqualTo(upstreamSecret(user, created.text("accessKeyId")));
        assertThat(openSealed(key, envelope))
                .isEqualTo(consumer.open(
                        compat.json().get("AccessKey").get("AccessKeySecretSealed"),
                        compat.json().get("AccessKey").get("AccessKeyID").asString()));
    }

    /** {@code java -cp bcprov-jdk18on.jar docs/sealed-secrets/OpenSealed.java key answer}: what it prints. */
    private static String openSealed(Path key, Path answer) throws Exception {
        Path bouncyCastle = Path.of(
                HPKE.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Process java = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        bouncyCastle.toString(),
                        Path.of("docs", "sealed-secrets", "OpenSealed.java").toString(),
                        key.toString(),
                        answer.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(java.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String printed = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(java.exitValue()).as(printed).isZero();
        return printed.strip();
    }

    private Api.Answer rotate(String accessKeyId, String idempotencyKey) {
        return api.call("POST", Api.keyPath(accessKeyId) + "/rotate")
                .token(Api.SEALED_ISSUER)
                .header("Idempotency-Key", idempotencyKey)
                .send();
    }

    private Api.Answer compatCreate(String user, String idempotencyKey) {
        return api.call("POST", "/v1/compat")
                .token(Api.SEALED_ISSUER)
                .header("Idempotency-Key", idempotencyKey)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body("Action=CreateAccessKey&UserName=" + user)
                .send();
    }

    /** The secret the upstream keeps for the key: what the consumer must end up with. */
    private String upstreamSecret(String user, String accessKeyId) {
        return sandbox.keysOf(user).stream()
                .filter(key -> key.accessKeyId().equals(accessKeyId))
                .map(SandboxKey::secret)
                .findFirst()
                .orElseThrow();
    }

    /** Not in what was logged, nor in the keys', attempts' (replay copies included) or audit's rows. */
    private void assertNowhereInClear(String secret, CapturedOutput output) {
        assertThat(secret).hasSizeGreaterThan(10);
        assertThat(output.getAll()).doesNotContain(secret);
        String everyTable = String.join(
                "\n",
                jdbc.queryForList(
                        "SELECT row_to_json(t)::text FROM (SELECT * FROM access_key) t UNION ALL"
                                + " SELECT row_to_json(t)::text FROM (SELECT * FROM issuance) t UNION ALL"
                                + " SELECT row_to_json(t)::text FROM (SELECT * FROM audit_event) t",
                        String.class));
        assertThat(everyTable).doesNotContain(secret);
    }

    /** The raw 32-byte key in an X25519 PKCS#8 PEM: the last 32 bytes of its 48. */
    private static byte[] rawPrivateKey(String pem) {
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        return Arrays.copyOfRange(der, der.length - 32, der.length);
    }
}
