package io.keywarden.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.support.Api;
import io.keywarden.support.ApplicationTestBase;
import io.keywarden.support.KeywardenTest;
import io.keywarden.support.WebhookReceiver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Receivers that misbehave, over real HTTP on loopback: one that takes the connection and never
 * answers leaves a dead letter once the test's {@code max-retry-duration} (3 s) has passed, each
 * attempt ending at the {@code read-timeout} (2 s), shown in the delivery log and the exported
 * metric; one that answers 429 or 503 with a {@code Retry-After} is tried again no sooner than it
 * asked (not after the test's backoff of milliseconds), then delivered: one delivery, one
 * {@code webhook-id}. Time is driven by running the delivery job now, as an operator can.
 */
@KeywardenTest
class WebhookReceiverFaultTests extends ApplicationTestBase {

    private final WebhookReceiver receiver = WebhookReceiver.get();

    @Test
    void aReceiverThatNeverAnswersLeavesADeadLetterWithItsTimeoutsInTheLogAndTheMetric() throws Exception {
        try (SilentReceiver silent = new SilentReceiver()) {
            String tag = UUID.randomUUID().toString().substring(0, 8);
            String name = "silent-" + tag;
            Api.Answer made = api.call("POST", "/admin/v1/subscriptions")
                    .token(Api.ADMIN)
                    .json("""
                            {"name": "%s", "url": "http://127.0.0.1:%d/hooks", "secret": "%s",
                             "types": ["key.issued"], "userNames": ["team-silent-%s-*"]}""".formatted(name, silent.port(), randomSecret(), tag))
                    .send();
            assertThat(made.status()).as(made.body()).isEqualTo(201);
            double deadBefore = Double.parseDouble(scraped("keywarden_webhooks_dead_total"));
            String key = created("team-silent-" + tag + "-a");

            runJobUntil("webhook-delivery", Duration.ofSeconds(60), () -> {
                JsonNode delivery = deliveryOf(name, key);
                return delivery != null && delivery.get("state").asString().equals("DEAD");
            });

            assertThat(silent.connections()).isNotEmpty();
            Api.Answer dead = api.call("GET", "/admin/v1/deliveries?subscription=" + name + "&state=DEAD")
                    .token(Api.ADMIN)
                    .send();
            assertThat(dead.status()).as(dead.body()).isEqualTo(200);
            JsonNode delivery = dead.json().get("items").get(0);
            assertThat(delivery.get("accessKeyId").asString()).isEqualTo(key);
            assertThat(delivery.get("state").asString()).isEqualTo("DEAD");
            assertThat(delivery.get("attemptLog")).isNotEmpty();
            for (JsonNode attempt : delivery.get("attemptLog")) {
                assertThat(attempt.get("status").isNull())
                        .as(attempt.toString())
                        .isTrue();
                assertThat(attempt.get("answer").isNull())
                        .as(attempt.toString())
                        .isTrue();
                assertThat(attempt.get("error").asString()).startsWith("timeout: no answer within 2000 ms");
            }
            assertThat(delivery.get("lastError").asString()).startsWith("timeout");
            assertThat(Double.parseDouble(scraped("keywarden_webhooks_dead_total")))
                    .isGreaterThanOrEqualTo(deadBefore + 1);

            assertThat(api.call("DELETE", "/admin/v1/subscriptions/" + name)
                            .token(Api.ADMIN)
                            .send()
                            .status())
                    .isEqualTo(204);
        }
    }

    @Test
    void a429WithRetryAfterInSecondsIsTriedAgainNoSoonerThanAskedThenDelivered() {
        retriedAsAsked("team-hook-busy-", 429);
    }

    @Test
    void a503WithRetryAfterAsAnHttpDateIsTriedAgainNoSoonerThanAskedThenDelivered() {
        retriedAsAsked("team-hook-unavailable-", 503);
    }

    private void retriedAsAsked(String userPrefix, int refusal) {
        String key = created(userPrefix + UUID.randomUUID().toString().substring(0, 8));

        runJobUntil(
                "webhook-delivery",
                Duration.ofSeconds(60),
                () -> !receiver.mentioning(key).isEmpty());
        WebhookReceiver.Request refused = receiver.mentioning(key).get(0);
        assertThat(refused.answered()).isEqualTo(refusal);
        UnaryOperator<Instant> askedFor = askedFor(refused);
        JsonNode waiting = deliveryOf("test-hooks", key);
        Instant giveUpAt = jdbc.queryForObject(
                        "SELECT give_up_at FROM webhook_delivery WHERE id = ?::uuid",
                        Timestamp.class,
                        waiting.get("id").asString())
                .toInstant();
        Instant firstAttempt = Instant.parse(
                waiting.get("attemptLog").get(0).get("attemptedAt").asString());
        // The Retry-After, unless the delivery is given up sooner: its last attempt is then made at that time.
        Instant earliest = earliestOf(askedFor.apply(firstAttempt), giveUpAt);
        if (waiting.get("state").asString().equals("PENDING")) {
            assertThat(Instant.parse(waiting.get("nextAttemptAt").asString()))
                    .isAfterOrEqualTo(earliest.minusMillis(1));
        }

        runJobUntil(
                "webhook-delivery",
                Duration.ofSeconds(60),
                () -> receiver.mentioning(key).stream().anyMatch(request -> request.answered() == 200));

        List<WebhookReceiver.Request> requests = receiver.mentioning(key);
        assertThat(requests).extracting(WebhookReceiver.Request::answered).containsExactly(refusal, 200);
        assertThat(requests)
                .extracting(request -> request.header("webhook-id"))
                .containsOnly(refused.header("webhook-id"));
        List<JsonNode> deliveries = deliveriesOf(key);
        assertThat(deliveries).hasSize(1);
        JsonNode delivered = deliveries.get(0);
        assertThat(delivered.get("state").asString()).isEqualTo("DELIVERED");
        assertThat(delivered.get("webhookId").asString()).isEqualTo(refused.header("webhook-id"));
        assertThat(delivered.get("attemptLog").findValues("status"))
                .extracting(JsonNode::asInt)
                .containsExactly(refusal, 200);
        Instant secondAttempt = Instant.parse(
                delivered.get("attemptLog").get(1).get("attemptedAt").asString());
        assertThat(secondAttempt).isAfterOrEqualTo(earliest.minusMillis(1));
    }

    /** When the refusal's Retry-After asked to be tried again, from the time of the attempt it answered. */
    private static UnaryOperator<Instant> askedFor(WebhookReceiver.Request refused) {
        String retryAfter = refused.retryAfter();
        assertThat(retryAfter).isNotNull();
        if (retryAfter.matches("\\d+")) {
            return attempt -> attempt.plusSeconds(Long.parseLong(retryAfter));
        }
        Instant date = ZonedDateTime.parse(retryAfter, DateTimeFormatter.RFC_1123_DATE_TIME)
                .toInstant();
        return attempt -> date;
    }

    private static Instant earliestOf(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private String created(String user) {
        Api.Answer created = api.createKey(Api.ISSUER, newIdempotencyKey(), user);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.text("accessKeyId");
    }

    /** The deliveries of the key's events to any subscription, newest first, as the log shows them. */
    private List<JsonNode> deliveriesOf(String key) {
        Api.Answer page = api.call("GET", "/admin/v1/deliveries?limit=200")
                .token(Api.ADMIN)
                .send();
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode item : page.json().get("items")) {
            if (key.equals(item.get("accessKeyId").asString())) {
                found.add(item);
            }
        }
        return found;
    }

    private JsonNode deliveryOf(String subscription, String key) {
        return deliveriesOf(key).stream()
                .filter(item -> subscription.equals(item.get("subscription").asString()))
                .findFirst()
                .orElse(null);
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** A receiver that accepts every connection and never reads or answers anything on it. */
    private static final class SilentReceiver implements AutoCloseable {

        private final ServerSocket server;
        private final List<Socket> connections = new CopyOnWriteArrayList<>();

        SilentReceiver() throws IOException {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread accepting = new Thread(
                    () -> {
                        while (!server.isClosed()) {
                            try {
                                connections.add(server.accept());
                            } catch (IOException closed) {
                                return;
                            }
                        }
                    },
                    "silent-receiver");
            accepting.setDaemon(true);
            accepting.start();
        }

        int port() {
            return server.getLocalPort();
        }

        List<Socket> connections() {
            return connections;
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket connection : connections) {
                connection.close();
            }
        }
    }
}
