package io.keywarden.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keywarden.sandbox.SandboxKey;
import io.keywarden.support.Api;
import io.keywarden.support.ApplicationTestBase;
import io.keywarden.support.KeywardenTest;
import io.keywarden.support.SealedSecretOpener;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * An operator sets and removes the key a client's secrets are sealed to at {@code
 * /admin/v1/clients/{client}/seal-to}, with no restart: the next create, rotate or compat create
 * answers the secret sealed to the key as it stands then, which opens (with Bouncy Castle, not
 * keywarden's Tink) to the secret the upstream keeps. A key set there overrides the client's
 * {@code seal-to} from configuration; removing it falls back to that. The clients are {@code
 * test-resealed-issuer} (no {@code seal-to} configured) and {@code test-configured-sealed}
 * (application-test.yml).
 */
@KeywardenTest
class ClientSealKeyAdminTests extends ApplicationTestBase {

    private static final String RESEALED = "test-resealed-issuer";
    private static final String CONFIGURED = "test-configured-sealed";
    private static final String CONFIGURED_KEY = "eWAevObVY6ckTxrWIRVzG/PIE33rdBi0XwtK8WFsIhs=";

    private final SealedSecretOpener configuredConsumer = SealedSecretOpener.ofPem(SealedSecretsTests.CONSUMER_KEY_PEM);

    @AfterEach
    void removeTheKeysSetHere() {
        for (String client : List.of(RESEALED, CONFIGURED)) {
            assertThat(sealTo("DELETE", client, Api.ADMIN, null).status()).isEqualTo(200);
        }
    }

    @Test
    void theListShowsEachConfiguredClientsSealKeyAndWhereItComesFromButNoTokenHash() {
        Api.Answer listed =
                api.call("GET", "/admin/v1/clients").token(Api.ADMIN).send();

        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.header("Cache-Control")).contains("no-store");
        assertThat(listed.body()).doesNotContain("tokenSha256", "token-sha256", "17d6bfe05d1b1fb7");
        JsonNode configured = client(listed.json(), CONFIGURED);
        assertThat(configured.get("sealTo").asString()).isEqualTo(CONFIGURED_KEY);
        assertThat(configured.get("sealToSource").asString()).isEqualTo("configuration");
        assertThat(configured.get("roles").get(0).asString()).isEqualTo("ISSUER");
        assertThat(configured.get("userNames").get(0).asString()).isEqualTo("team-*");
        assertThat(configured.get("autoRotate").asBoolean()).isFalse();
        JsonNode resealed = client(listed.json(), RESEALED);
        assertThat(resealed.get("sealTo").isNull()).isTrue();
        assertThat(resealed.get("sealToSource").isNull()).isTrue();
        assertThat(client(listed.json(), "test-auto-rotator").get("autoRotate").asBoolean())
                .isTrue();
    }

    @Test
    void aCreateRotateAndCompatCreateAfterThePutAreSealedToTheNewKeyAndInClearAgainAfterTheDelete() throws Exception {
        X25519PrivateKeyParameters consumerKey = new X25519PrivateKeyParameters(new SecureRandom());
        String publicKey = Base64.getEncoder()
                .encodeToString(consumerKey.generatePublicKey().getEncoded());
        SealedSecretOpener consumer = new SealedSecretOpener(consumerKey.getEncoded());
        String user = newUser();
        Api.Answer before = api.createKey(Api.RESEALED_ISSUER, newIdempotencyKey(), user);
        assertThat(before.text("accessKeySecret")).isEqualTo(upstreamSecret(user, before.text("accessKeyId")));

        Api.Answer put = sealTo("PUT", RESEALED, Api.ADMIN, publicKey);

        assertThat(put.status()).isEqualTo(200);
        assertThat(put.text("sealTo")).isEqualTo(publicKey);
        assertThat(put.text("sealToSource")).isEqualTo("api");
        assertThat(put.text("sealToSetBy")).isEqualTo("test-admin");
        String createUser = newUser();
        Api.Answer created = api.createKey(Api.RESEALED_ISSUER, newIdempotencyKey(), createUser);
        assertThat(created.status()).isEqualTo(201);
        String keyId = created.text("accessKeyId");
        assertThat(created.json().has("accessKeySecret")).isFalse();
        assertThat(consumer.open(created.json().get("sealedSecret"), keyId))
                .isEqualTo(upstreamSecret(createUser, keyId));
        Api.Answer rotated = api.call("POST", Api.keyPath(before.text("accessKeyId")) + "/rotate")
                .token(Api.RESEALED_ISSUER)
                .header("Idempotency-Key", newIdempotencyKey())
                .send();
        assertThat(rotated.status()).isEqualTo(201);
        String successor = rotated.text("accessKeyId");
        assertThat(rotated.json().has("accessKeySecret")).isFalse();
        assertThat(consumer.open(rotated.json().get("sealedSecret"), successor))
                .isEqualTo(upstreamSecret(user, successor));
        String compatUser = newUser();
        JsonNode compat = api.call("POST", "/v1/compat")
                .token(Api.RESEALED_ISSUER)
                .header("Idempotency-Key", newIdempotencyKey())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body("Action=CreateAccessKey&UserName=" + compatUser)
                .send()
                .json()
                .get("AccessKey");
        assertThat(compat.has("AccessKeySecret")).isFalse();
        String compatKey = compat.get("AccessKeyID").asString();
        assertThat(consumer.open(compat.get("AccessKeySecretSealed"), compatKey))
                .isEqualTo(upstreamSecret(compatUser, compatKey));

        Api.Answer deleted = sealTo("DELETE", RESEALED, Api.ADMIN, null);

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().get("sealTo").isNull()).isTrue();
        String after = newUser();
        Api.Answer clear = api.createKey(Api.RESEALED_ISSUER, newIdempotencyKey(), after);
        assertThat(clear.text("accessKeySecret")).isEqualTo(upstreamSecret(after, clear.text("accessKeyId")));
        assertThat(clear.json().has("sealedSecret")).isFalse();
        assertThat(auditEvents.matching("test-admin", "SET_CLIENT_SEAL_KEY", "SUCCEEDED").stream()
                        .map(event -> event.detail()))
                .contains("client " + RESEALED + " now seals its secrets to " + publicKey + " (set here)");
        assertThat(auditEvents.matching("test-admin", "REMOVE_CLIENT_SEAL_KEY", "SUCCEEDED").stream()
                        .map(event -> event.detail()))
                .contains("client " + RESEALED + " has no seal key set here; it receives its secrets in clear");
    }

    @Test
    void aKeySetHereOverridesTheConfigurationAndItsRemovalFallsBackToIt() throws Exception {
        X25519PrivateKeyParameters consumerKey = new X25519PrivateKeyParameters(new SecureRandom());
        SealedSecretOpener consumer = new SealedSecretOpener(consumerKey.getEncoded());
        String user = newUser();

        sealTo(
                "PUT",
                CONFIGURED,
                Api.ADMIN,
                Base64.getEncoder()
                        .encodeToString(consumerKey.generatePublicKey().getEncoded()));
        Api.Answer overridden = api.createKey(Api.CONFIGURED_SEALED, newIdempotencyKey(), user);

        String keyId = overridden.text("accessKeyId");
        JsonNode sealed = overridden.json().get("sealedSecret");
        assertThat(consumer.open(sealed, keyId)).isEqualTo(upstreamSecret(user, keyId));
        assertThatThrownBy(() -> configuredConsumer.open(sealed, keyId)).isInstanceOf(InvalidCipherTextException.class);

        Api.Answer removed = sealTo("DELETE", CONFIGURED, Api.ADMIN, null);
        Api.Answer fallenBack = api.createKey(Api.CONFIGURED_SEALED, newIdempotencyKey(), user);

        assertThat(removed.text("sealTo")).isEqualTo(CONFIGURED_KEY);
        assertThat(removed.text("sealToSource")).isEqualTo("configuration");
        String nextId = fallenBack.text("accessKeyId");
        assertThat(configuredConsumer.open(fallenBack.json().get("sealedSecret"), nextId))
                .isEqualTo(upstreamSecret(user, nextId));
    }

    /** Another instance's change is a row in the database: the next secret here is sealed to it, with no restart. */
    @Test
    void aKeyAnotherInstanceSetSealsTheNextSecretHere() throws Exception {
        X25519PrivateKeyParameters consumerKey = new X25519PrivateKeyParameters(new SecureRandom());
        SealedSecretOpener consumer = new SealedSecretOpener(consumerKey.getEncoded());
        String user = newUser();
        api.createKey(Api.RESEALED_ISSUER, newIdempotencyKey(), user);

        jdbc.update(
                "INSERT INTO client_seal_key (client_name, public_key, updated_by, updated_at) VALUES (?, ?, ?, ?)",
                RESEALED,
                consumerKey.generatePublicKey().getEncoded(),
                "test-admin",
                Timestamp.from(Instant.now()));
        Api.Answer created = api.createKey(Api.RESEALED_ISSUER, newIdempotencyKey(), user);

        String keyId = created.text("accessKeyId");
        assertThat(created.json().has("accessKeySecret")).isFalse();
        assertThat(consumer.open(created.json().get("sealedSecret"), keyId)).isEqualTo(upstreamSecret(user, keyId));
    }

    @Test
    void aKeyThatIsNotARaw32ByteX25519PublicKeyIs400NamingPublicKeyAndChangesNothing() {
        byte[] lowOrder = new byte[32];
        lowOrder[0] = 1;
        List<String> bad = List.of(
                "not base64!",
                Base64.getEncoder().encodeToString(new byte[31]),
                Base64.getEncoder().encodeToString(new byte[33]),
                Base64.getEncoder().encodeToString(new byte[32]),
                Base64.getEncoder().encodeToString(lowOrder),
                "");
        long mark = auditEvents.newestId();

        for (String key : bad) {
            Api.Answer refused = sealTo("PUT", CONFIGURED, Api.ADMIN, key);
            assertThat(refused.status()).as(key).isEqualTo(400);
            assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(refused.text("parameter")).isEqualTo("publicKey");
        }
        Api.Answer noBody = api.call("PUT", "/admin/v1/clients/" + CONFIGURED + "/seal-to")
                .token(Api.ADMIN)
                .json("")
                .send();

        assertThat(noBody.status()).isEqualTo(400);
        JsonNode configured = client(
                api.call("GET", "/admin/v1/clients").token(Api.ADMIN).send().json(), CONFIGURED);
        assertThat(configured.get("sealTo").asString()).isEqualTo(CONFIGURED_KEY);
        assertThat(configured.get("sealToSource").asString()).isEqualTo("configuration");
        assertThat(auditEvents.matching("test-admin", "SET_CLIENT_SEAL_KEY", "INVALID").stream()
                        .filter(event -> event.id() > mark))
                .hasSizeGreaterThanOrEqualTo(bad.size());
        assertThat(auditEvents.matching("test-admin", "SET_CLIENT_SEAL_KEY", "SUCCEEDED").stream()
                        .filter(event -> event.id() > mark))
                .isEmpty();
    }

    @Test
    void anUnknownClientIs404AndAudited() {
        long mark = auditEvents.newestId();
        String key = Base64.getEncoder()
                .encodeToString(new X25519PrivateKeyParameters(new SecureRandom())
                        .generatePublicKey()
                        .getEncoded());

        Api.Answer put = sealTo("PUT", "no-such-client", Api.ADMIN, key);
        Api.Answer delete = sealTo("DELETE", "no-such-client", Api.ADMIN, null);

        assertThat(put.status()).isEqualTo(404);
        assertThat(put.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(put.text("detail")).contains("no-such-client");
        assertThat(delete.status()).isEqualTo(404);
        assertThat(auditEvents.matching("test-admin", null, "INVALID").stream()
                        .filter(event -> event.id() > mark)
                        .map(event -> event.action()))
                .contains("SET_CLIENT_SEAL_KEY", "REMOVE_CLIENT_SEAL_KEY");
    }

    @Test
    void anIssuerMayNeitherListNorChangeSealKeysAndItsAttemptsAreAuditedDenied() {
        long mark = auditEvents.newestId();
        String key = Base64.getEncoder()
                .encodeToString(new X25519PrivateKeyParameters(new SecureRandom())
                        .generatePublicKey()
                        .getEncoded());

        Api.Answer list = api.call("GET", "/admin/v1/clients").token(Api.ISSUER).send();
        Api.Answer put = sealTo("PUT", RESEALED, Api.ISSUER, key);
        Api.Answer delete = sealTo("DELETE", CONFIGURED, Api.ISSUER, null);

        assertThat(list.status()).isEqualTo(403);
        assertThat(put.status()).isEqualTo(403);
        assertThat(put.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(delete.status()).isEqualTo(403);
        assertThat(auditEvents.matching("test-issuer", null, "DENIED").stream()
                        .filter(event -> event.id() > mark)
                        .map(event -> event.action()))
                .containsExactlyInAnyOrder("SET_CLIENT_SEAL_KEY", "REMOVE_CLIENT_SEAL_KEY");
        JsonNode resealed = client(
                api.call("GET", "/admin/v1/clients").token(Api.ADMIN).send().json(), RESEALED);
        assertThat(resealed.get("sealTo").isNull()).isTrue();
    }

    private Api.Answer sealTo(String method, String client, String token, String publicKey) {
        Api.Call call =
                api.call(method, "/admin/v1/clients/" + client + "/seal-to").token(token);
        if (publicKey != null) {
            call.json("{\"publicKey\":\"" + publicKey + "\"}");
        }
        return call.send();
    }

    private static JsonNode client(JsonNode listed, String name) {
        for (JsonNode client : listed) {
            if (client.get("name").asString().equals(name)) {
                return client;
            }
        }
        throw new AssertionError("no client " + name + " in " + listed);
    }

    private String upstreamSecret(String user, String accessKeyId) {
        return sandbox.keysOf(user).stream()
                .filter(key -> key.accessKeyId().equals(accessKeyId))
                .map(SandboxKey::secret)
                .findFirst()
                .orElseThrow();
    }
}
