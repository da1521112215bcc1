package io.keywarden.issuance;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.audit.AuditTrail;
import io.keywarden.support.Api;
import io.keywarden.support.KeywardenTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

@KeywardenTest
class CreateAccessKeyTests extends IssuanceTestSupport {

    @Test
    void createAnswers201WithTheSecretOnceAndRecordsTheKey() {
        String user = newUser();

        Api.Answer created = api.createKey(Api.ISSUER, newIdempotencyKey(), user);

        assertThat(created.status()).isEqualTo(201);
        String keyId = created.text("accessKeyId");
        assertThat(created.header("Location")).isEqualTo(Api.keyPath(keyId));
        assertThat(created.header("Cache-Control")).contains("no-store");
        assertThat(created.header("X-Request-Id")).isNotBlank();
        assertThat(created.text("accessKeySecret"))
                .isEqualTo(sandbox.keysOf(user).get(0).secret());
        assertThat(created.text("userName")).isEqualTo(user);
        assertThat(created.text("status")).isEqualTo("ACTIVE");
        assertThat(created.text("description")).isEqualTo("test key");
        assertThat(created.json().get("userId").asLong()).isPositive();
        assertThat(created.text("createdAt")).endsWith("Z");
        assertThat(upstreamKeyIds(user)).containsExactly(keyId);
        assertThat(auditOutcomes(user)).containsExactly("SUCCEEDED");
        assertThat(auditEvents.ofUser(user))
                .extracting(AuditTrail.Event::requestId)
                .containsExactly(created.header("X-Request-Id"));
    }

    @Test
    void concurrentCreatesCommittedTogetherEachKeepTheirOwnRequestIdInTheAudit() {
        List<String> users = new ArrayList<>();
        List<CompletableFuture<Api.Answer>> calls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String user = newUser();
            users.add(user);
            calls.add(CompletableFuture.supplyAsync(() -> api.createKey(Api.ISSUER, newIdempotencyKey(), user)));
        }

        for (int i = 0; i < users.size(); i++) {
            Api.Answer answer = calls.get(i).join();
            assertThat(answer.status()).isEqualTo(201);
            assertThat(auditEvents.ofUser(users.get(i)))
                    .extracting(AuditTrail.Event::requestId)
                    .containsExactly(answer.header("X-Request-Id"));
        }
    }

    @Test
    void theKeyCanBeReadBackWithoutItsSecret() {
        String user = newUser();
        String keyId = api.createKey(Api.ISSUER, newIdempotencyKey(), user).text("accessKeyId");

        Api.Answer one = api.call("GET", Api.keyPath(keyId)).token(Api.ISSUER).send();
        Api.Answer list = api.call("GET", "/v1/access-keys?userName=" + user)
                .token(Api.AUDITOR)
                .send();

        assertThat(one.status()).isEqualTo(200);
        assertThat(one.text("accessKeyId")).isEqualTo(keyId);
        assertThat(one.text("issuedBy")).isEqualTo("test-issuer");
        assertThat(one.body())
                .doesNotContain("ecret")
                .doesNotContain(sandbox.keysOf(user).get(0).secret());
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("items")).hasSize(1);
        assertThat(list.json().get("items").get(0).get("accessKeyId").asString())
                .isEqualTo(keyId);
        assertThat(list.body()).doesNotContain(sandbox.keysOf(user).get(0).secret());
    }

    @Test
    void keysOutsideTheCallersScopeAreNotFound() {
        String user = newUser();
        String keyId = api.createKey(Api.ISSUER, newIdempotencyKey(), user).text("accessKeyId");

        Api.Answer read =
                api.call("GET", Api.keyPath(keyId)).token(Api.NARROW_ISSUER).send();
        Api.Answer list = api.call("GET", "/v1/access-keys?userName=" + user)
                .token(Api.NARROW_ISSUER)
                .send();

        assertThat(read.status()).isEqualTo(404);
        assertThat(read.header("Content-Type")).startsWith("application/problem+json");
        assertThat(list.json().get("items")).isEmpty();
    }

    @Test
    void listingPagesThroughEveryKeyOnce() {
        String user = newUser();
        String first = api.createKey(Api.ISSUER, newIdempotencyKey(), user).text("accessKeyId");
        String second = api.createKey(Api.ISSUER, newIdempotencyKey(), user).text("accessKeyId");

        Api.Answer page1 = api.call("GET", "/v1/access-keys?limit=1&userName=" + user)
                .token(Api.ISSUER)
                .send();
        String cursor = page1.text("nextCursor");
        Api.Answer page2 = api.call("GET", "/v1/access-keys?limit=1&userName=" + user + "&cursor=" + cursor)
                .token(Api.ISSUER)
                .send();

        assertThat(page1.json().get("items").get(0).get("accessKeyId").asString())
                .isEqualTo(first);
        assertThat(page2.json().get("items").get(0).get("accessKeyId").asString())
                .isEqualTo(second);
        assertThat(page2.json().get("nextCursor").isNull()).isTrue();
    }
}
