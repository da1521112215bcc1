package io.keywarden.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keywarden.events.KeyEvent;
import io.keywarden.support.Api;
import io.keywarden.support.ApplicationTestBase;
import io.keywarden.support.KeywardenTest;
import io.keywarden.support.WebhookReceiver;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.modulith.events.core.EventSerializer;
import org.springframework.test.util.AopTestUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhooks end to end: a key created over HTTP, its event written to the outbox by the listener,
 * sent by the webhook-delivery job (run through the jobs API) to the test's receiver on loopback
 * (io.keywarden.support.WebhookReceiver), which checks the signature with its own HMAC; retries
 * under one webhook-id, a dead letter in the log and the metric, a redelivery, a 410 that disables
 * its subscription, and the signing secret in no log line and no answer.
 */
@KeywardenTest
@ExtendWith(OutputCaptureExtension.class)
class WebhookDeliveryTests extends ApplicationTestBase {

    /** The test-hooks subscription's secret, as configured in application-test.yml. */
    private static final String SECRET = "hPvrIBn9Fru0MWzr9fgzC6EnaIy1Yfv7BOFlxZJcbkI=";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebhookReceiver receiver = WebhookReceiver.get();

    @Autowired
    MeterRegistry meters;

    @Autowired
    DeliveryOutbox outbox;

    @Autowired
    EventSerializer serializer;

    @Test
    void theReceiverGetsKeyIssuedSignedWithTheSubscriptionsSecret(CapturedOutput output) throws Exception {
        String user = "team-hook-" + UUID.randomUUID().toString().substring(0, 8);
        String key = created(user);

        runJobUntil(
                "webhook-delivery",
                Duration.ofSeconds(30),
                () -> !receiver.mentioning(key).isEmpty());

        WebhookReceiver.Request request = receiver.mentioning(key).get(0);
        assertThat(request.path()).isEqualTo("/hooks");
        assertThat(request.header("webhook-id")).startsWith("msg_");
        long timestamp = Long.parseLong(request.header("webhook-timestamp"));
        assertThat(Instant.ofEpochSecond(timestamp)).isBetween(Instant.now().minusSeconds(120), Instant.now());
        assertThat(request.header("webhook-signature")).isEqualTo(request.expectedSignature(SECRET));
        assertThat(request.header("content-type")).startsWith("application/json");
        JsonNode body = JSON.readTree(request.body());
        assertThat(body.get("type").asString()).isEqualTo("key.issued");
        assertThat(Instant.parse(body.get("timestamp").asString())).isNotNull();
        assertThat(body.get("data").get("accessKeyId").asString()).isEqualTo(key);
        assertThat(body.get("data").get("userName").asString()).isEqualTo(user);
        assertThat(body.get("data").get("client").asString()).isEqualTo("test-issuer");

        JsonNode delivery = deliveryOf(key);
        assertThat(delivery.get("state").asString()).isEqualTo("DELIVERED");
        assertThat(delivery.get("webhookId").asString()).isEqualTo(request.header("webhook-id"));
        assertThat(delivery.get("attemptLog")).hasSize(1);
        assertThat(delivery.get("attemptLog").get(0).get("status").asInt()).isEqualTo(200);
        assertThat(delivery.get("attemptLog").get(0).get("answer").asString()).isEqualTo("thanks");

        Api.Answer log = api.call("GET", "/admin/v1/deliveries?subscription=test-hooks")
                .token(Api.ADMIN)
                .send();
        assertThat(log.body()).doesNotContain(SECRET).doesNotContain(SECRET.substring(0, 16));
        assertThat(output.getAll()).doesNotContain(SECRET).doesNotContain(SECRET.substring(0, 16));
    }

    @Test
    void aReceiverThatFailsThreeTimesGetsOneDeliveryInFourAttemptsUnderOneWebhookId() {
        String user = "team-hook-flaky-" + UUID.randomUUID().toString().substring(0, 8);
        String key = created(user);

        runJobUntil(
                "webhook-delivery",
                Duration.ofSeconds(30),
                () -> receiver.mentioning(key).stream().anyMatch(request -> request.answered() == 200));

        List<WebhookReceiver.Request> requests = receiver.mentioning(key);
        assertThat(requests).extracting(WebhookReceiver.Request::answered).containsExactly(500, 500, 500, 200);
        assertThat(requests)
                .extracting(request -> request.header("webhook-id"))
                .containsOnly(requests.get(0).header("webhook-id"));
        JsonNode delivery = deliveryOf(key);
        assertThat(delivery.get("state").asString()).isEqualTo("DELIVERED");
        assertThat(delivery.get("attempts").asInt()).isEqualTo(4);
        assertThat(delivery.get("attemptLog").findValuesAsString("answer"))
                .containsExactly("receiver failure 1", "receiver failure 2", "receiver failure 3", "thanks");
    }

    /**
     * Spring Modulith hands an event to the outbox again when a crash kept its completion from being
     * recorded; the second hand-over writes nothing, and the key's events still go out in the order
     * they happened, even when the later one was written first.
     */
    @Test
    void anEventWrittenTwiceIsOneDeliveryAndAKeysEventsGoOutInTheOrderTheyHappened() {
        DeliveryOutbox direct = AopTestUtils.getTargetObject(outbox);
        String user = "team-hook-" + UUID.randomUUID().toString().substring(0, 8);
        String key = newUpstreamKeyId();
        Instant issuedAt = Instant.now().minusSeconds(2);
        KeyEvent issued = new KeyEvent(
                KeyEvent.Type.ISSUED, issuedAt, new KeyEvent.Key(key, user, "test-issuer", "ACTIVE", null, null, null));
        KeyEvent deleted = new KeyEvent(
                KeyEvent.Type.DELETED,
                issuedAt.plusSeconds(1),
                new KeyEvent.Key(key, user, "test-issuer", "DELETED", null, null, null));

        direct.on(deleted);
        direct.on(issued);
        direct.on(issued);

        assertThat(deliveriesOf(key)).hasSize(2);
        runJobUntil(
                "webhook-delivery",
                Duration.ofSeconds(30),
                () -> receiver.mentioning(key).size() >= 2);
        assertThat(receiver.mentioning(key))
                .extracting(request -> JSON.readTree(request.body()).get("type").asString())
                .containsExactly("key.issued", "key.deleted");
        assertThat(receiver.mentioning(key))
                .extracting(request -> request.headers().get("webhook-id"))
                .doesNotHaveDuplicates();
    }

    @Test
    void aKeysLaterEventWaitsUntilItsEarlierOneIsDelivered() {
        String user = "team-hook-flaky-" + UUID.randomUUID().toString().substring(0, 8);
        String key = created(user);
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveriesOf(key).size() == 1);
        Api.Answer deleted =
                api.call("DELETE", Api.keyPath(key)).token(Api.ADMIN).send();
        assertThat(deleted.status()).as(deleted.body()).isIn(200, 204);
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveriesOf(key).size() == 2);

        runJobUntil(
                "webhook-delivery",
                Duration.ofSeconds(30),
                () -> receiver.mentioning(key).stream()
                        .anyMatch(request ->
                                request.answered() == 200 && request.body().contains("key.deleted")));

        assertThat(receiver.mentioning(key))
                .extracting(request -> JSON.readTree(request.body()).get("type").asString() + " " + request.answered())
                .containsExactly(
                        "key.issued 500",
                        "key.issued 500",
                        "key.issued 500",
                        "key.issued 200",
                        "key.deleted 500",
                        "key.deleted 500",
                        "key.deleted 500",
                        "key.deleted 200");
    }

    /**
     * The outbox's listener runs after each commit on its own thread, so a key's later event can be
     * written before an earlier one: here the earlier one (key.disabled) is still in the registry,
     * unhandled, as after a crash between the commit and the listener. The key's deliveries wait for
     * it; the event-resubmit job hands it to the listener, and the receiver hears of the key's events
     * in the order they happened. Another key's event is not held back meanwhile.
     */
    @Test
    void aKeysDeliveriesWaitForItsEventTheOutboxHasNotWrittenYet() {
        DeliveryOutbox direct = AopTestUtils.getTargetObject(outbox);
        String user = "team-hook-" + UUID.randomUUID().toString().substring(0, 8);
        String key = created(user);
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveriesOf(key).size() == 1);
        String listener = jdbc.queryForObject(
                "SELECT listener_id FROM event_publication WHERE serialized_event LIKE ? AND listener_id LIKE ?",
                String.class,
                "%" + key + "%",
                DeliveryOutbox.class.getName() + ".%");
        Instant later = Instant.now();
        KeyEvent disabled = new KeyEvent(
                KeyEvent.Type.DISABLED,
                later,
                new KeyEvent.Key(key, user, "test-issuer", "INACTIVE", null, null, null));
        jdbc.update(
                "INSERT INTO event_publication (id, listener_id, event_type, serialized_event, publication_date,"
                        + " status, completion_attempts) VALUES (?, ?, ?, ?, now() - interval '2 minutes', 'PUBLISHED', 0)",
                UUID.randomUUID(),
                listener,
                KeyEvent.class.getName(),
                serializer.serialize(disabled).toString());
        direct.on(new KeyEvent(
                KeyEvent.Type.DELETED,
                later.plusSeconds(1),
                new KeyEvent.Key(key, user, "test-issuer", "DELETED", null, null, null)));

        String unrelated = created("team-hook-" + UUID.randomUUID().toString().substring(0, 8));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> deliveriesOf(unrelated).size() == 1);

        runJobUntil(
                "webhook-delivery",
                Duration.ofSeconds(30),
                () -> !receiver.mentioning(unrelated).isEmpty());
        assertThat(receiver.mentioning(key))
                .as("held back while key.disabled waits, while another key's event goes out")
                .isEmpty();

        Api.Answer resubmitted = api.call("POST", "/admin/v1/jobs/event-resubmit/runs")
                .token(Api.ADMIN)
                .send();
        assertThat(resubmitted.status()).as(resubmitted.body()).isEqualTo(201);
        assertThat(resubmitted.json().get("outcome").asString())
                .as(resubmitted.body())
                .isEqualTo("SUCCEEDED");
        runJobUntil(
                "webhook-delivery",
                Duration.ofSeconds(30),
                () -> receiver.mentioning(key).size() >= 3);
        assertThat(receiver.mentioning(key))
                .extracting(request -> JSON.readTree(request.body()).get("type").asString())
                .containsExactly("key.issued", "key.disabled", "key.deleted");
    }

    @Test
    void aReceiverThatAlwaysFailsLeavesADeadLetterThatCanBeDeliveredAgainUnderTheSameId() {
        double deadBefore = meters.counter("keywarden.webhooks.dead").count();
        String user = "team-hook-dead-" + UUID.randomUUID().toString().substring(0, 8);
        String key = created(user);

        runJobUntil("webhook-delivery", Duration.ofSeconds(30), () -> {
            JsonNode delivery = deliveryOfOrNull(key);
            return delivery != null && delivery.get("state").asString().equals("DEAD");
        });

        JsonNode dead = deliveryOf(key);
        assertThat(dead.get("lastError").asString()).isEqualTo("HTTP 500");
        assertThat(dead.get("attemptLog").findValuesAsString("answer"))
                .allMatch(answer -> answer.startsWith("receiver failure"));
        assertThat(meters.counter("keywarden.webhooks.dead").count()).isEqualTo(deadBefore + 1);
        Api.Answer listed = api.call("GET", "/admin/v1/deliveries?subscription=test-hooks&state=DEAD&limit=200")
                .token(Api.ADMIN)
                .send();
        assertThat(listed.json().get("items").findValuesAsString("accessKeyId")).contains(key);

        int sentBefore = receiver.mentioning(key).size();
        Api.Answer retried = api.call(
                        "POST", "/admin/v1/deliveries/" + dead.get("id").asString() + "/retry")
                .token(Api.ADMIN)
                .send();
        assertThat(retried.status()).as(retried.body()).isEqualTo(202);
        assertThat(retried.text("state")).isEqualTo("PENDING");
        runJobUntil(
                "webhook-delivery",
                Duration.ofSeconds(30),
                () -> receiver.mentioning(key).size() > sentBefore);
        assertThat(receiver.mentioning(key))
                .extracting(request -> request.header("webhook-id"))
                .containsOnly(dead.get("webhookId").asString());

        Api.Answer again = api.call("POST", "/admin/v1/deliveries/" + UUID.randomUUID() + "/retry")
                .token(Api.ADMIN)
                .send();
        assertThat(again.status()).isEqualTo(404);
        Api.Answer asIssuer =
                api.call("GET", "/admin/v1/deliveries").token(Api.ISSUER).send();
        assertThat(asIssuer.status()).isEqualTo(403);
    }

    @Test
    void aReceiverAnswering410DisablesItsSubscriptionUntilItIsEnabled() {
        String first = created("team-gone-" + UUID.randomUUID().toString().substring(0, 8));

        runJobUntil("webhook-delivery", Duration.ofSeconds(30), () -> {
            JsonNode delivery = deliveryOfOrNull(first);
            return delivery != null && delivery.get("state").asString().equals("FAILED");
        });
        String second = created("team-gone-" + UUID.randomUUID().toString().substring(0, 8));
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveryOfOrNull(second) != null);
        runJob();

        assertThat(receiver.mentioning(first)).hasSize(1);
        assertThat(receiver.mentioning(second)).isEmpty();
        assertThat(deliveryOf(second).get("state").asString()).isEqualTo("PENDING");

        Api.Answer enabled = api.call("POST", "/admin/v1/subscriptions/test-gone/enable")
                .token(Api.ADMIN)
                .send();
        assertThat(enabled.status()).isEqualTo(204);
        runJobUntil(
                "webhook-delivery",
                Duration.ofSeconds(30),
                () -> !receiver.mentioning(second).isEmpty());
    }

    @Test
    void aSubscriptionMadeAtTheApiIsSignedWithItsSecretAndDuringARotationWithBoth(CapturedOutput output) {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String name = "api-" + tag;
        String first = randomSecret();
        String second = randomSecret();
        String subscription = """
                {"name": "%s", "url": "http://127.0.0.1:%d/api-hooks", "secret": "whsec_%s",
                 "types": ["key.issued"], "userNames": ["team-apihook-%s-*"]}""".formatted(name, receiver.port(), first, tag);

        Api.Answer made = admin("POST", "/admin/v1/subscriptions", subscription);
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        assertThat(made.text("source")).isEqualTo("api");
        assertThat(admin("POST", "/admin/v1/subscriptions", subscription).status())
                .isEqualTo(409);
        String key = created("team-apihook-" + tag + "-a");
        runJobUntil(
                "webhook-delivery",
                Duration.ofSeconds(30),
                () -> !receiver.mentioning(key).isEmpty());
        assertThat(signatureOf(receiver.mentioning(key).get(0))).isEqualTo(signed(first, key));

        Api.Answer rotated = admin(
                "POST",
                "/admin/v1/subscriptions/" + name + "/rotate",
                "{\"secret\": \"" + second + "\", \"overlap\": \"PT1H\"}");
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        assertThat(rotated.text("previousSecretUntil")).isNotNull();
        String next = created("team-apihook-" + tag + "-b");
        runJobUntil(
                "webhook-delivery",
                Duration.ofSeconds(30),
                () -> !receiver.mentioning(next).isEmpty());
        assertThat(signatureOf(receiver.mentioning(next).get(0)))
                .isEqualTo(signed(second, next) + " " + signed(first, next));

        Api.Answer listed =
                api.call("GET", "/admin/v1/subscriptions").token(Api.ADMIN).send();
        assertThat(listed.json().findValuesAsString("name")).contains(name, "test-hooks");
        byte[] stored =
                jdbc.queryForObject("SELECT secret FROM webhook_subscription WHERE name = ?", byte[].class, name);
        assertThat(new String(stored, StandardCharsets.ISO_8859_1))
                .doesNotContain(new String(Base64.getDecoder().decode(second), StandardCharsets.ISO_8859_1));
        for (String text : List.of(made.body(), rotated.body(), listed.body(), output.getAll())) {
            assertThat(text).doesNotContain(first).doesNotContain(second);
        }

        Api.Answer tooShort = admin(
                "POST",
                "/admin/v1/subscriptions",
                subscription.replace(name, name + "-x").replace(first, "c2hvcnQ="));
        assertThat(tooShort.status()).as(tooShort.body()).isEqualTo(400);
        assertThat(tooShort.body()).contains("secret is 5 bytes");
        assertThat(admin("POST", "/admin/v1/subscriptions/test-hooks/rotate", "{\"secret\": \"" + second + "\"}")
                        .status())
                .isEqualTo(409);
        assertThat(admin("DELETE", "/admin/v1/subscriptions/" + name, null).status())
                .isEqualTo(204);
        assertThat(api.call("GET", "/admin/v1/subscriptions")
                        .token(Api.ADMIN)
                        .send()
                        .json()
                        .findValuesAsString("name"))
                .doesNotContain(name, name + "-x");
    }

    private Api.Answer admin(String method, String path, String json) {
        Api.Call call = api.call(method, path).token(Api.ADMIN);
        return json == null ? call.send() : call.json(json).send();
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String signatureOf(WebhookReceiver.Request request) {
        return request.header("webhook-signature");
    }

    /** The signature the receiver computes over the first request it got about the key. */
    private String signed(String secret, String key) {
        return receiver.mentioning(key).get(0).expectedSignature(secret);
    }

    private String created(String user) {
        Api.Answer created = api.createKey(Api.ISSUER, newIdempotencyKey(), user);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.text("accessKeyId");
    }

    private JsonNode deliveryOf(String key) {
        JsonNode delivery = deliveryOfOrNull(key);
        assertThat(delivery).as("the delivery of " + key).isNotNull();
        return delivery;
    }

    /** The deliveries of the key's events, newest first, as the delivery log shows them. */
    private List<JsonNode> deliveriesOf(String key) {
        Api.Answer page = api.call("GET", "/admin/v1/deliveries?limit=200")
                .token(Api.ADMIN)
                .send();
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        List<JsonNode> found = new java.util.ArrayList<>();
        for (JsonNode item : page.json().get("items")) {
            if (key.equals(item.get("accessKeyId").asString())) {
                found.add(item);
            }
        }
        return found;
    }

    /** The newest delivery of the key's events, as the delivery log shows it. */
    private JsonNode deliveryOfOrNull(String key) {
        Api.Answer page = api.call("GET", "/admin/v1/deliveries?limit=200")
                .token(Api.ADMIN)
                .send();
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        for (JsonNode item : page.json().get("items")) {
            if (key.equals(item.get("accessKeyId").asString())) {
                return item;
            }
        }
        return null;
    }

    private void runJob() {
        Api.Answer run = api.call("POST", "/admin/v1/jobs/webhook-delivery/runs")
                .token(Api.ADMIN)
                .send();
        assertThat(run.status()).as(run.body()).isIn(201, 409);
    }
}
