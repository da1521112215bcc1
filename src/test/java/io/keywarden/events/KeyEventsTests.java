package io.keywarden.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keywarden.accesskey.KeyLifecycle;
import io.keywarden.accesskey.LeaseBounds;
import io.keywarden.sandbox.SandboxFault;
import io.keywarden.support.Api;
import io.keywarden.support.ApplicationTestBase;
import io.keywarden.support.KeywardenTest;
import io.keywarden.support.RecordedEvents;
import io.keywarden.upstream.UpstreamIamClient;
import io.keywarden.upstream.UpstreamKeyStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every committed change of a key publishes one domain event, in the transaction of the change:
 * each is read back from Spring Modulith's publication registry (one row per event and listener,
 * written by that transaction) and seen by a listener once committed. A change that does not
 * commit publishes nothing, and {@code key.expiring} is raised once per lease however many runs
 * claim it at once.
 */
@KeywardenTest
class KeyEventsTests extends ApplicationTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    RecordedEvents listener;

    @Autowired
    KeyLifecycle lifecycle;

    @Autowired
    UpstreamIamClient upstream;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void aCreateAndARotationPublishKeyIssuedAndKeyRotatedWithTheKeyAndNoSecret() {
        String user = newUser();
        Api.Answer created = create(user, "PT2H");
        String key = created.text("accessKeyId");
        Api.Answer rotated = api.call("POST", Api.keyPath(key) + "/rotate")
                .token(Api.ISSUER)
                .header("Idempotency-Key", newIdempotencyKey())
                .send();
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);
        String successor = rotated.text("accessKeyId");

        KeyEvent issued = only(key, KeyEvent.Type.ISSUED);
        KeyEvent rotation = only(successor, KeyEvent.Type.ROTATED);

        assertThat(issued.data())
                .isEqualTo(new KeyEvent.Key(
                        key, user, "test-issuer", "ACTIVE", Instant.parse(created.text("expiresAt")), null));
        assertThat(rotation.data())
                .isEqualTo(new KeyEvent.Key(
                        successor, user, "test-issuer", "ACTIVE", Instant.parse(rotated.text("expiresAt")), key));
        assertThat(published(successor, KeyEvent.Type.ISSUED)).isEmpty();
        assertThat(published(key, KeyEvent.Type.ROTATED)).isEmpty();
        assertThat(jdbc.queryForList(
                        "SELECT serialized_event FROM event_publication WHERE serialized_event LIKE ?",
                        String.class,
                        "%" + key + "%"))
                .isNotEmpty()
                .noneMatch(event -> event.contains(created.text("accessKeySecret")))
                .noneMatch(event -> event.contains(rotated.text("accessKeySecret")));
    }

    @Test
    void concurrentCreatesThatShareACommitEachPublishTheirOwnKeyIssued() {
        List<String> users = IntStream.range(0, 16).mapToObj(i -> newUser()).toList();

        List<String> keys;
        ExecutorService callers = Executors.newFixedThreadPool(users.size());
        try {
            List<CompletableFuture<String>> creates = users.stream()
                    .map(user -> CompletableFuture.supplyAsync(
                            () -> create(user, null).text("accessKeyId"), callers))
                    .toList();
            keys = creates.stream().map(CompletableFuture::join).toList();
        } finally {
            callers.shutdown();
        }

        for (int i = 0; i < keys.size(); i++) {
            assertThat(only(keys.get(i), KeyEvent.Type.ISSUED).data().userName())
                    .isEqualTo(users.get(i));
        }
    }

    @Test
    void aRenewalPublishesKeyRenewedWithTheNewExpiryAndOneThatRollsBackPublishesNothing() {
        String key = create(newUser(), "PT1H").text("accessKeyId");
        LeaseBounds bounds = new LeaseBounds(null, null, null, "test");

        transactions.executeWithoutResult(tx -> {
            lifecycle.renew(key, Duration.ofHours(5), bounds);
            tx.setRollbackOnly();
        });
        assertThat(published(key, KeyEvent.Type.RENEWED)).isEmpty();

        Api.Answer renewed = api.call("POST", Api.keyPath(key) + "/renew")
                .token(Api.ISSUER)
                .json("{\"ttl\": \"PT3H\"}")
                .send();
        assertThat(renewed.status()).as(renewed.body()).isEqualTo(200);

        KeyEvent renewal = only(key, KeyEvent.Type.RENEWED);
        assertThat(renewal.data().expiresAt()).isEqualTo(Instant.parse(renewed.text("expiresAt")));
        assertThat(renewal.data().status()).isEqualTo("ACTIVE");
    }

    @Test
    void disableEnableAndDeletePublishOneEventEachAndAFailedUpstreamStepNone() {
        String key = create(newUser(), null).text("accessKeyId");

        sandbox.arm(new SandboxFault(SandboxFault.Type.HTTP_STATUS, null, null, 503, null, null, null, null));
        Api.Answer failed = operator("POST", key, "/disable");
        sandbox.clearFaults();
        assertThat(failed.status()).as(failed.body()).isGreaterThanOrEqualTo(500);
        assertThat(published(key, KeyEvent.Type.DISABLED)).isEmpty();

        assertThat(operator("POST", key, "/disable").status()).isEqualTo(200);
        assertThat(operator("POST", key, "/enable").status()).isEqualTo(200);
        assertThat(operator("DELETE", key, "").status()).isEqualTo(200);

        assertThat(only(key, KeyEvent.Type.DISABLED).data().status()).isEqualTo("INACTIVE");
        assertThat(only(key, KeyEvent.Type.ENABLED).data().status()).isEqualTo("ACTIVE");
        assertThat(only(key, KeyEvent.Type.DELETED).data().status()).isEqualTo("DELETED");
    }

    @Test
    void theLeaseExpiryJobPublishesKeyExpiredOnceForAKeyWhoseLeaseEnded() {
        String key = create(newUser(), "PT1H").text("accessKeyId");
        jdbc.update("UPDATE access_key SET expires_at = now() - interval '1 second' WHERE access_key_id = ?", key);

        runJob("lease-expiry");
        runJob("lease-expiry");

        KeyEvent expired = only(key, KeyEvent.Type.EXPIRED);
        assertThat(expired.data().status()).isEqualTo("DELETED");
        assertThat(published(key, KeyEvent.Type.DELETED)).isEmpty();
    }

    @Test
    void aSupersededKeyRetiredAfterItsGracePeriodPublishesKeyDeleted() {
        String key = create(newUser(), null).text("accessKeyId");
        Api.Answer rotated = api.call("POST", Api.keyPath(key) + "/rotate")
                .token(Api.ISSUER)
                .header("Idempotency-Key", newIdempotencyKey())
                .send();
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);
        jdbc.update("UPDATE access_key SET retire_at = now() - interval '1 second' WHERE access_key_id = ?", key);

        runJob("key-retirement");
        runJob("key-retirement");

        KeyEvent deleted = only(key, KeyEvent.Type.DELETED);
        assertThat(deleted.data().status()).isEqualTo("DELETED");
        assertThat(deleted.data().userName())
                .isEqualTo(only(key, KeyEvent.Type.ISSUED).data().userName());
    }

    @Test
    void aBulkRevocationPublishesKeyRevokedForEachKeyItRevokes() {
        String user = newUser();
        String key = create(user, null).text("accessKeyId");

        Api.Answer started = api.call("POST", "/admin/v1/revocations")
                .token(Api.ADMIN)
                .json("{\"filter\": {\"userName\": \"" + user
                        + "\"}, \"reason\": \"INC-42 leaked\", \"dryRun\": false}")
                .send();
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        runJob("revocation-worker");

        assertThat(only(key, KeyEvent.Type.REVOKED).data().status()).isEqualTo("DELETED");
    }

    @Test
    void reconciliationPublishesKeyDriftWhenTheUpstreamHadTheKeyOtherwise() {
        String key = create(newUser(), null).text("accessKeyId");
        upstream.updateAccessKeyStatus(key, UpstreamKeyStatus.INACTIVE);

        runJob("upstream-reconciliation");
        runJob("upstream-reconciliation");

        assertThat(only(key, KeyEvent.Type.DRIFT).data().status()).isEqualTo("INACTIVE");
    }

    @Test
    void keyExpiringIsRaisedOncePerLeaseHoweverManyRunsClaimItAndAgainAfterARenewal() throws Exception {
        String key = create(newUser(), "PT1H").text("accessKeyId");

        transactions.executeWithoutResult(tx -> {
            lifecycle.announceExpiring(Duration.ofDays(3), 1_000);
            tx.setRollbackOnly();
        });
        assertThat(published(key, KeyEvent.Type.EXPIRING)).isEmpty();

        CyclicBarrier together = new CyclicBarrier(2);
        List<CompletableFuture<Integer>> instances = List.of(
                CompletableFuture.supplyAsync(() -> announceWith(together)),
                CompletableFuture.supplyAsync(() -> announceWith(together)));
        CompletableFuture.allOf(instances.toArray(CompletableFuture[]::new)).get();
        runJob("lease-expiry");
        runJob("lease-expiry");

        KeyEvent first = only(key, KeyEvent.Type.EXPIRING);
        Api.Answer renewed = api.call("POST", Api.keyPath(key) + "/renew")
                .token(Api.ISSUER)
                .json("{\"ttl\": \"PT2H\"}")
                .send();
        assertThat(renewed.status()).as(renewed.body()).isEqualTo(200);
        runJob("lease-expiry");
        runJob("lease-expiry");

        assertThat(published(key, KeyEvent.Type.EXPIRING))
                .extracting(event -> event.data().expiresAt())
                .containsExactly(first.data().expiresAt(), Instant.parse(renewed.text("expiresAt")));
        assertThat(first.data().expiresAt()).isBefore(Instant.parse(renewed.text("expiresAt")));
    }

    private int announceWith(CyclicBarrier together) {
        try {
            together.await();
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
        return lifecycle.announceExpiring(Duration.ofDays(3), 1_000);
    }

    /**
     * The one event of the type for the key in the registry, once the listener received it too.
     */
    private KeyEvent only(String accessKeyId, KeyEvent.Type type) {
        List<KeyEvent> published = published(accessKeyId, type);
        assertThat(published).as(type.wireName() + " of " + accessKeyId).hasSize(1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> listener.of(accessKeyId).contains(published.get(0)));
        return published.get(0);
    }

    /** The events of the type for the key that the registry holds, as committed, oldest first. */
    private List<KeyEvent> published(String accessKeyId, KeyEvent.Type type) {
        return jdbc
                .queryForList(
                        "SELECT serialized_event FROM event_publication WHERE event_type = ?"
                                + " AND listener_id LIKE ? AND serialized_event LIKE ? ORDER BY publication_date",
                        String.class,
                        KeyEvent.class.getName(),
                        RecordedEvents.class.getName() + ".%",
                        "%" + accessKeyId + "%")
                .stream()
                .map(json -> JSON.readValue(json, KeyEvent.class))
                .filter(event ->
                        event.type() == type && event.data().accessKeyId().equals(accessKeyId))
                .toList();
    }

    private Api.Answer create(String user, String ttl) {
        Api.Answer created = api.call("POST", "/v1/access-keys")
                .token(Api.ISSUER)
                .header("Idempotency-Key", newIdempotencyKey())
                .json("{\"userName\": \"" + user + "\"" + (ttl == null ? "" : ", \"ttl\": \"" + ttl + "\"") + "}")
                .send();
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created;
    }

    private Api.Answer operator(String method, String key, String action) {
        return api.call(method, Api.keyPath(key) + action).token(Api.ADMIN).send();
    }

    private void runJob(String name) {
        Api.Answer ran = api.call("POST", "/admin/v1/jobs/" + name + "/runs")
                .token(Api.ADMIN)
                .send();
        assertThat(ran.status()).as(ran.body()).isEqualTo(201);
    }
}
