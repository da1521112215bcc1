package io.keywarden.issuance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.issuance.IssuanceTestSupport;
import io.keywarden.support.Api;
import io.keywarden.support.KeywardenTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A stored answer is served only to the request it was stored for. Whoever can write the
 * issuance table (a database owner, a restored backup edited by hand) relabels a row to another
 * client or user; the next request matching the relabelled row must not receive the secret.
 * It gets a generic 500 (keywarden's own records are inconsistent) and the refusal is audited.
 */
@KeywardenTest
class ReplayBindingTests extends IssuanceTestSupport {

    private static final String DESCRIPTION = "test key";

    @Test
    void aRowRelabelledToAnotherClientDoesNotHandItTheFirstClientsSecret() {
        String victim = newUser();
        String victimKey = newIdempotencyKey();
        Api.Answer created = api.createKey(Api.ISSUER, victimKey, victim);
        String secret = created.text("accessKeySecret");
        String attacker = "other-" + UUID.randomUUID().toString().substring(0, 12);
        String attackerKey = newIdempotencyKey();
        relabel(victimKey, "test-narrow-issuer", attackerKey, attacker);
        long creates = sandbox.callCount("CreateAccessKey");

        Api.Answer replay = api.createKey(Api.NARROW_ISSUER, attackerKey, attacker);

        assertThat(replay.status()).as(replay.body()).isEqualTo(500);
        assertThat(replay.body()).doesNotContain(secret).doesNotContain(created.text("accessKeyId"));
        assertThat(replay.header("Content-Type")).startsWith("application/problem+json");
        assertThat(replay.header("Idempotent-Replayed")).isNull();
        assertThat(sandbox.callCount("CreateAccessKey")).isEqualTo(creates);
        assertThat(auditOutcomes(attacker)).containsExactly("FAILED");
        assertThat(auditEvents.ofUser(attacker).stream()
                        .map(event -> event.actor() + "|" + (event.detail() == null ? "" : event.detail())))
                .containsExactly("test-narrow-issuer|" + IssuanceProtocol.REPLAY_REFUSED);
    }

    @Test
    void aRowRelabelledToAnotherUserDoesNotHandThatUserTheFirstUsersSecret() {
        String first = newUser();
        String key = newIdempotencyKey();
        Api.Answer created = api.createKey(Api.ISSUER, key, first);
        String second = newUser();
        relabel(key, "test-issuer", key, second);

        Api.Answer replay = api.createKey(Api.ISSUER, key, second);

        assertThat(replay.status()).as(replay.body()).isEqualTo(500);
        assertThat(replay.body()).doesNotContain(created.text("accessKeySecret"));
        assertThat(auditOutcomes(second)).containsExactly("FAILED");
        assertThat(auditOutcomes(first)).containsExactly("SUCCEEDED");
    }

    @Test
    void theUnalteredRowStillReplaysToItsOwnRequest() {
        String user = newUser();
        String key = newIdempotencyKey();
        Api.Answer created = api.createKey(Api.ISSUER, key, user);

        Api.Answer replay = api.createKey(Api.ISSUER, key, user);

        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.body()).isEqualTo(created.body());
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
    }

    @Test
    void anAnswerStoredByAnEarlierVersionIsTreatedAsExpiredAndTheRequestCreatesAfresh() {
        String user = newUser();
        String key = newIdempotencyKey();
        Api.Answer created = api.createKey(Api.ISSUER, key, user);
        // The earlier layout: nonce and ciphertext without the format mark.
        jdbc.update(
                "UPDATE issuance SET response_ciphertext = substring(response_ciphertext from 5)"
                        + " WHERE idempotency_key = ?",
                key);

        Api.Answer again = api.createKey(Api.ISSUER, key, user);

        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isNull();
        assertThat(again.text("accessKeyId")).isNotEqualTo(created.text("accessKeyId"));
        assertThat(auditOutcomes(user)).containsExactly("SUCCEEDED", "SUCCEEDED");
    }

    /** What a database owner can do: make the row look like another client's request for another user. */
    private void relabel(String idempotencyKey, String clientName, String newIdempotencyKey, String userName) {
        String fingerprint = new IssueRequest(
                        null, newIdempotencyKey, IssuanceKind.CREATE, userName, DESCRIPTION, null, null, null)
                .fingerprint();
        int changed = jdbc.update(
                "UPDATE issuance SET client_name = ?, idempotency_key = ?, request_fingerprint = ?, user_name = ?"
                        + " WHERE idempotency_key = ?",
                clientName,
                newIdempotencyKey,
                fingerprint,
                userName,
                idempotencyKey);
        assertThat(changed).isEqualTo(1);
    }
}
