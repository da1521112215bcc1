package io.keywarden.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keywarden.accesskey.AccessKeyQueries;
import io.keywarden.accesskey.AccessKeyView;
import io.keywarden.audit.AuditTrail;
import io.keywarden.events.KeyEvent;
import io.keywarden.issuance.SealedSecretsTests;
import io.keywarden.jobs.internal.JobOutcome;
import io.keywarden.jobs.internal.JobRunReport;
import io.keywarden.jobs.internal.JobRunner;
import io.keywarden.jobs.internal.JobTrigger;
import io.keywarden.sandbox.SandboxKey;
import io.keywarden.support.Api;
import io.keywarden.support.ApplicationTestBase;
import io.keywarden.support.KeywardenTest;
import io.keywarden.support.RecordedEvents;
import io.keywarden.support.SealedSecretOpener;
import io.keywarden.support.WebhookReceiver;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Automatic rotation end to end, over HTTP against the sandbox: the age watch rotates the old keys
 * of {@code test-auto-rotator} (application-test.yml: {@code auto-rotate: true}, sealed to the key
 * whose private half {@link SealedSecretsTests} holds) and only those, once however often and
 * however concurrently it runs; the successor's secret travels sealed in {@code key.rotated} and
 * is fetched by that client alone until it acknowledges it, after which the predecessor retires. A
 * user at the key limit blocks the rotation loudly: an event, a counter and an audited refusal.
 */
@KeywardenTest
class AutoRotationTests extends ApplicationTestBase {

    private static final String CREATES = "CreateAccessKey";

    private final SealedSecretOpener consumer = SealedSecretOpener.ofPem(SealedSecretsTests.CONSUMER_KEY_PEM);

    /** The secret of the test subscription {@code test-hooks} (application-test.yml), for users {@code team-hook-*}. */
    private static final String HOOKS_SECRET = "hPvrIBn9Fru0MWzr9fgzC6EnaIy1Yfv7BOFlxZJcbkI=";

    private final WebhookReceiver receiver = WebhookReceiver.get();

    @Autowired
    JobRunner jobs;

    @Autowired
    AgeWatchJob ageWatch;

    @Autowired
    RetirementJob retirement;

    @Autowired
    AutoRotation autoRotation;

    @Autowired
    AccessKeyQueries keys;

    @Autowired
    RecordedEvents events;

    @Autowired
    MeterRegistry meters;

    @Autowired
    JsonMapper json;

    @Test
    void anOldKeyIsRotatedByKeywardenItsSealedSecretTravelsInKeyRotatedAndIsFetchedUntilAcknowledged()
            throws Exception {
        String user = newUser();
        String old = create(Api.AUTO_ROTATOR, user);
        makeOld(old);
        long createsBefore = sandbox.callCount(CREATES);

        JobRunReport run = ageWatch();

        assertThat(run.outcome()).isEqualTo(JobOutcome.SUCCEEDED);
        assertThat(sandbox.callCount(CREATES) - createsBefore).isEqualTo(1);
        String successor = successorOf(user, old);
        JsonNode predecessor = read(Api.AUTO_ROTATOR, old).json();
        assertThat(predecessor.get("status").asString()).isEqualTo("ROTATING");
        JsonNode created = read(Api.AUTO_ROTATOR, successor).json();
        assertThat(created.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(created.get("issuedBy").asString()).isEqualTo("test-auto-rotator");
        assertThat(created.get("rotatedFrom").asString()).isEqualTo(old);
        String secret = upstreamSecret(user, successor);

        // key.rotated carries the successor's secret, sealed to the client: it opens to the upstream's secret.
        KeyEvent rotated = await().atMost(Duration.ofSeconds(30))
                .until(() -> events.of(successor).stream().findFirst().orElse(null), event -> event != null);
        assertThat(events.of(successor)).hasSize(1);
        assertThat(rotated.type()).isEqualTo(KeyEvent.Type.ROTATED);
        assertThat(rotated.data().client()).isEqualTo("test-auto-rotator");
        assertThat(rotated.data().rotatedFrom()).isEqualTo(old);
        JsonNode sealedInEvent = json.valueToTree(rotated.data().sealedSecret());
        assertThat(sealedInEvent.get("info").asString()).isEqualTo("keywarden-secret:v1:" + successor);
        assertThat(consumer.open(sealedInEvent, successor)).isEqualTo(secret);
        assertThat(json.writeValueAsString(rotated)).doesNotContain(secret);

        // Only the issuing client may fetch it: another in scope is refused, one out of scope finds no key.
        Api.Answer fetched = fetch(Api.AUTO_ROTATOR, successor);
        assertThat(fetched.status()).as(fetched.body()).isEqualTo(200);
        assertThat(fetched.text("rotatedFrom")).isEqualTo(old);
        assertThat(consumer.open(fetched.json().get("sealedSecret"), successor)).isEqualTo(secret);
        assertThat(fetched.body()).doesNotContain(secret).doesNotContain("accessKeySecret");
        assertThat(fetch(Api.SEALED_ISSUER, successor).status()).isEqualTo(403);
        assertThat(fetch(Api.ADMIN, successor).status()).isEqualTo(403);
        assertThat(fetch(Api.NARROW_ISSUER, successor).status()).isEqualTo(404);
        assertThat(acknowledge(Api.ISSUER, successor).status()).isEqualTo(403);
        assertThat(fetch(Api.AUTO_ROTATOR, old).status()).isEqualTo(404);

        Api.Answer acknowledged = acknowledge(Api.AUTO_ROTATOR, successor);

        assertThat(acknowledged.status()).as(acknowledged.body()).isEqualTo(200);
        assertThat(acknowledged.text("rotatedFrom")).isEqualTo(old);
        assertThat(Instant.parse(acknowledged.text("rotatedFromRetireAt")))
                .isBefore(Instant.now().plusSeconds(1));
        Api.Answer afterwards = fetch(Api.AUTO_ROTATOR, successor);
        assertThat(afterwards.status()).isEqualTo(410);
        assertThat(afterwards.body()).doesNotContain("ciphertext");
        assertThat(acknowledge(Api.AUTO_ROTATOR, successor).status()).isEqualTo(410);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM sealed_successor WHERE access_key_id = ? AND enc IS NULL"
                                + " AND ciphertext IS NULL",
                        Long.class,
                        successor))
                .isEqualTo(1);

        // The predecessor retires on the retirement job's next run, long before its grace period ends.
        jobs.run(retirement, JobTrigger.MANUAL).orElseThrow();

        assertThat(read(Api.AUTO_ROTATOR, old).text("status")).isEqualTo("DELETED");
        assertThat(sandbox.keysOf(user)).extracting(SandboxKey::accessKeyId).containsExactly(successor);
        assertThat(history(old))
                .containsExactly(
                        "CREATE_ACCESS_KEY SUCCEEDED test-auto-rotator",
                        "SUPERSEDE_ACCESS_KEY SUCCEEDED keywarden",
                        "FETCH_SEALED_SECRET INVALID test-auto-rotator",
                        "RETIRE_ACCESS_KEY SUCCEEDED keywarden",
                        "RETIRE_ACCESS_KEY SUCCEEDED keywarden");
        assertThat(history(successor))
                .containsExactly(
                        "ROTATE_ACCESS_KEY SUCCEEDED keywarden",
                        "FETCH_SEALED_SECRET SUCCEEDED test-auto-rotator",
                        "FETCH_SEALED_SECRET DENIED test-sealed-issuer",
                        "FETCH_SEALED_SECRET DENIED test-admin",
                        "FETCH_SEALED_SECRET DENIED test-narrow-issuer",
                        "ACKNOWLEDGE_SEALED_SECRET DENIED test-issuer",
                        "ACKNOWLEDGE_SEALED_SECRET SUCCEEDED test-auto-rotator",
                        "FETCH_SEALED_SECRET INVALID test-auto-rotator",
                        "ACKNOWLEDGE_SEALED_SECRET INVALID test-auto-rotator");
        assertThat(auditEvents.ofKey(successor).get(0).detail())
                .contains("automatic rotation for client test-auto-rotator")
                .contains("sealed");
    }

    @Test
    void runsRepeatedAndConcurrentMakeOneUpstreamCallAndOneSuccessor() throws Exception {
        String user = newUser();
        String old = create(Api.AUTO_ROTATOR, user);
        makeOld(old);
        AccessKeyView view = keys.get(AutoRotation.KEYWARDEN, old);
        long createsBefore = sandbox.callCount(CREATES);

        // Two runs of the job (whose lock lets one through at a time) and, past the lock as a
        // second instance would be, two direct rotations of the same key, all at once.
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> started = new ArrayList<>();
        try {
            List<Callable<Object>> work = List.of(
                    () -> jobs.run(ageWatch, JobTrigger.MANUAL),
                    () -> jobs.run(ageWatch, JobTrigger.MANUAL),
                    () -> autoRotation.rotate(view),
                    () -> autoRotation.rotate(view));
            for (Callable<Object> each : work) {
                started.add(pool.submit(each));
            }
            for (Future<?> each : started) {
                each.get();
            }
        } finally {
            pool.shutdown();
        }
        // Then again, in turn: the rotation is made already, so nothing more happens.
        ageWatch();
        assertThat(autoRotation.rotate(view)).isEqualTo(AutoRotation.Outcome.ROTATED_BEFORE);

        assertThat(sandbox.callCount(CREATES) - createsBefore).isEqualTo(1);
        assertThat(sandbox.keysOf(user)).hasSize(2);
        String successor = successorOf(user, old);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM access_key WHERE rotated_from = ?", Long.class, old))
                .isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> !events.of(successor).isEmpty());
        assertThat(events.received(KeyEvent.class).stream()
                        .filter(event -> old.equals(event.data().rotatedFrom())))
                .hasSize(1);
        assertThat(history(successor))
                .filteredOn(line -> line.startsWith("ROTATE_ACCESS_KEY SUCCEEDED"))
                .hasSize(1);
    }

    @Test
    void theKeysOfClientsWithoutAutoRotateAreOnlyListedAsDue() {
        String user = newUser();
        String sealed = create(Api.SEALED_ISSUER, user);
        String plain = create(Api.ISSUER, user);
        makeOld(sealed);
        makeOld(plain);
        long createsBefore = sandbox.callCount(CREATES);

        ageWatch();

        assertThat(sandbox.callCount(CREATES)).isEqualTo(createsBefore);
        assertThat(read(Api.ISSUER, sealed).text("status")).isEqualTo("ACTIVE");
        assertThat(read(Api.ISSUER, plain).text("status")).isEqualTo("ACTIVE");
        Api.Answer due = api.call("GET", "/v1/access-keys?dueForRotation=true&userName=" + user)
                .token(Api.ISSUER)
                .send();
        assertThat(due.json()
                        .get("items")
                        .valueStream()
                        .map(item -> item.get("accessKeyId").asString()))
                .containsExactlyInAnyOrder(sealed, plain);
    }

    @Test
    void atTheKeyLimitTheRotationIsBlockedLoudlyAndNothingIsCreated() {
        String user = newUser();
        String old = create(Api.AUTO_ROTATOR, user);
        String other = create(Api.AUTO_ROTATOR, user); // the upstream's limit is 2 keys per user
        makeOld(old);
        double blockedBefore = blockedCount();
        long createsBefore = sandbox.callCount(CREATES);
        try {
            JobRunReport run = ageWatch();

            assertThat(run.outcome()).isEqualTo(JobOutcome.PARTIAL);
            assertThat(run.lastError()).contains(old).contains("key limit");
            assertThat(sandbox.callCount(CREATES)).isEqualTo(createsBefore);
            assertThat(sandbox.keysOf(user)).extracting(SandboxKey::accessKeyId).containsExactlyInAnyOrder(old, other);
            assertThat(read(Api.AUTO_ROTATOR, old).text("status")).isEqualTo("ACTIVE");
            assertThat(blockedCount() - blockedBefore).isEqualTo(1);
            KeyEvent blocked = await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> events.of(old).stream()
                                    .filter(event -> event.type() == KeyEvent.Type.ROTATION_BLOCKED)
                                    .findFirst()
                                    .orElse(null),
                            event -> event != null);
            assertThat(blocked.type().wireName()).isEqualTo("key.rotation-blocked");
            assertThat(blocked.data().client()).isEqualTo("test-auto-rotator");
            assertThat(blocked.data().sealedSecret()).isNull();
            assertThat(history(old))
                    .containsExactly(
                            "CREATE_ACCESS_KEY SUCCEEDED test-auto-rotator", "ROTATE_ACCESS_KEY INVALID keywarden");
            assertThat(auditEvents.ofKey(old).get(1).detail()).contains("limit");
        } finally {
            // Leave no blocked key behind for the other tests' runs of the age watch.
            jdbc.update("UPDATE access_key SET created_at = now() WHERE access_key_id = ?", old);
        }
    }

    /**
     * The loop closed with no person: a subscriber of the client's users is told of the new key, then
     * of its automatic rotation, over a real signed webhook; it checks each signature with its own
     * code and opens the successor's secret from the webhook alone.
     */
    @Test
    void aSubscriberIsToldOfTheKeyThenOfItsAutomaticRotationAndOpensTheNewSecretFromTheWebhook() throws Exception {
        String user = "team-hook-loop-" + UUID.randomUUID().toString().substring(0, 8);
        String old = create(Api.AUTO_ROTATOR, user);
        makeOld(old);

        assertThat(ageWatch().outcome()).isEqualTo(JobOutcome.SUCCEEDED);
        String successor = successorOf(user, old);
        // Both events are in the outbox before anything is sent: the successor's then waits for its predecessor's.
        await().atMost(Duration.ofSeconds(10)).until(() -> outboxHolds(old) && outboxHolds(successor));
        runJobUntil(
                "webhook-delivery",
                Duration.ofSeconds(30),
                () -> receiver.mentioning(successor).stream().anyMatch(request -> request.answered() == 200));

        List<WebhookReceiver.Request> told = new ArrayList<>(receiver.mentioning(old));
        assertThat(told)
                .extracting(request -> json.readTree(request.body()).get("type").asString())
                .containsExactly("key.issued", "key.rotated");
        WebhookReceiver.Request rotation = receiver.mentioning(successor).stream()
                .filter(request -> request.answered() == 200)
                .findFirst()
                .orElseThrow();
        for (WebhookReceiver.Request request : List.of(told.get(0), rotation)) {
            assertThat(request.header("webhook-signature")).isEqualTo(request.expectedSignature(HOOKS_SECRET));
        }
        JsonNode body = json.readTree(rotation.body());
        assertThat(body.get("type").asString()).isEqualTo("key.rotated");
        assertThat(body.get("data").get("rotatedFrom").asString()).isEqualTo(old);
        assertThat(body.get("data").get("client").asString()).isEqualTo("test-auto-rotator");
        String secret = upstreamSecret(user, successor);
        assertThat(rotation.body()).doesNotContain(secret);
        assertThat(consumer.open(body.get("data").get("sealedSecret"), successor))
                .isEqualTo(secret);

        // The delivery of the sealed secret is a step of the rotation, audited; the key.issued before it is not.
        List<AuditTrail.Event> delivered = auditEvents.ofKey(successor).stream()
                .filter(event -> event.action().equals("DELIVER_SEALED_SECRET"))
                .toList();
        assertThat(delivered)
                .extracting(event -> event.outcome() + " " + event.actor() + " " + event.userName())
                .containsExactly("SUCCEEDED keywarden " + user);
        assertThat(delivered.get(0).detail()).contains("test-hooks").contains(rotation.header("webhook-id"));
        assertThat(history(old)).noneMatch(event -> event.startsWith("DELIVER_SEALED_SECRET"));
    }

    /** Whether the webhooks' outbox holds a delivery of the key's event. */
    private boolean outboxHolds(String accessKeyId) {
        return api.call("GET", "/admin/v1/deliveries?subscription=test-hooks&limit=200")
                .token(Api.ADMIN)
                .send()
                .json()
                .get("items")
                .valueStream()
                .anyMatch(delivery ->
                        accessKeyId.equals(delivery.get("accessKeyId").asString()));
    }

    private JobRunReport ageWatch() {
        return jobs.run(ageWatch, JobTrigger.MANUAL).orElseThrow();
    }

    private double blockedCount() {
        return meters.get("keywarden.rotation.automatic")
                .tag("outcome", "blocked")
                .counter()
                .count();
    }

    private String create(String token, String user) {
        Api.Answer created = api.createKey(token, newIdempotencyKey(), user);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.text("accessKeyId");
    }

    /** Past {@code keywarden.rotation.max-age} (90 days), as a database owner can make it. */
    private void makeOld(String accessKeyId) {
        jdbc.update(
                "UPDATE access_key SET created_at = now() - interval '91 days' WHERE access_key_id = ?", accessKeyId);
    }

    private String successorOf(String user, String old) {
        return sandbox.keysOf(user).stream()
                .map(SandboxKey::accessKeyId)
                .filter(id -> !id.equals(old))
                .findFirst()
                .orElseThrow();
    }

    private String upstreamSecret(String user, String accessKeyId) {
        return sandbox.keysOf(user).stream()
                .filter(key -> key.accessKeyId().equals(accessKeyId))
                .map(SandboxKey::secret)
                .findFirst()
                .orElseThrow();
    }

    private Api.Answer read(String token, String accessKeyId) {
        return api.call("GET", Api.keyPath(accessKeyId)).token(token).send();
    }

    private Api.Answer fetch(String token, String accessKeyId) {
        return api.call("GET", Api.keyPath(accessKeyId) + "/sealed-secret")
                .token(token)
                .send();
    }

    private Api.Answer acknowledge(String token, String accessKeyId) {
        return api.call("POST", Api.keyPath(accessKeyId) + "/acknowledge")
                .token(token)
                .send();
    }

    private List<String> history(String accessKeyId) {
        return auditEvents.ofKey(accessKeyId).stream()
                .map(event -> event.action() + " " + event.outcome() + " " + event.actor())
                .toList();
    }
}
