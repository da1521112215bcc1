package io.keywarden.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.support.Api;
import io.keywarden.support.ApplicationTestBase;
import io.keywarden.support.KeywardenTest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The audit log never holds a caller's idempotency key, only its keyed hash: whoever reads the
 * log (an auditor, a backup) cannot replay a client's secrets with a stolen token and a key read
 * there. Events of one request still carry one value.
 */
@KeywardenTest
class AuditIdempotencyKeyTests extends ApplicationTestBase {

    @Autowired
    IdempotencyKeyDigest digest;

    @Test
    void theAuditStoresAndShowsAKeyedHashOfTheIdempotencyKeyNeverTheKey() {
        String user = newUser();
        String key = "deploy-2026-11-28-" + user;
        assertThat(api.createKey(Api.ISSUER, key, user).status()).isEqualTo(201);
        assertThat(api.createKey(Api.ISSUER, key, user).status()).isEqualTo(201);
        Api.Answer reused = api.call("POST", "/v1/access-keys")
                .token(Api.ISSUER)
                .header("Idempotency-Key", key)
                .json("{\"userName\":\"" + user + "\",\"description\":\"another body\"}")
                .send();
        assertThat(reused.status()).isEqualTo(422);

        assertThat(auditOutcomes(user)).containsExactly("SUCCEEDED", "REPLAYED", "INVALID");
        assertThat(jdbc.queryForList(
                        "SELECT idempotency_key FROM audit_event WHERE user_name = ? ORDER BY id", String.class, user))
                .hasSize(3)
                .containsOnly(digest.digest(key))
                .allMatch(value -> value.matches("[0-9a-f]{64}"));
        Api.Answer search = api.call("GET", "/admin/v1/audit-events?userName=" + user)
                .token(Api.AUDITOR)
                .send();
        assertThat(search.body()).doesNotContain(key).contains(digest.digest(key));
    }

    @Test
    void theHashIsKeyedDifferentKeysGiveDifferentHashesAndNoneIsThePlainSha256() throws Exception {
        String plain = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256")
                        .digest("deploy-2026-11-28".getBytes(StandardCharsets.UTF_8)));

        assertThat(digest.digest("deploy-2026-11-28"))
                .isNotEqualTo(plain)
                .isNotEqualTo(digest.digest("deploy-2026-11-29"))
                .isEqualTo(digest.digest("deploy-2026-11-28"));
    }
}
