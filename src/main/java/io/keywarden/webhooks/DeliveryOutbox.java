package io.keywarden.webhooks;

import io.keywarden.events.AuditBroken;
import io.keywarden.events.KeyEvent;
import io.keywarden.events.OrphanAmbiguous;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns each domain event into one delivery per subscription that wants it, in the outbox. Spring
 * Modulith's registry keeps the event for this listener from the commit that published it until
 * the deliveries are written, so none is lost to a crash in between. The body is written once
 * here, so every attempt and a redelivery send the same bytes under the same {@code webhook-id}.
 */
@Component
class DeliveryOutbox {

    private final Subscriptions subscriptions;
    private final DeliveryStore store;
    private final WebhookProperties properties;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();

    DeliveryOutbox(Subscriptions subscriptions, DeliveryStore store, WebhookProperties properties, Clock clock) {
        this.subscriptions = subscriptions;
        this.store = store;
        this.properties = properties;
        this.clock = clock;
    }

    @ApplicationModuleListener
    void on(KeyEvent event) {
        write(
                event.type().wireName(),
                event.timestamp(),
                event.data(),
                event.data().accessKeyId(),
                event.data().rotatedFrom(),
                event.data().userName());
    }

    @ApplicationModuleListener
    void on(OrphanAmbiguous event) {
        write(
                OrphanAmbiguous.TYPE,
                event.timestamp(),
                event.data(),
                null,
                null,
                event.data().userName());
    }

    @ApplicationModuleListener
    void on(AuditBroken event) {
        write(AuditBroken.TYPE, event.timestamp(), event.data(), null, null, null);
    }

    private void write(
            String type, Instant timestamp, Object data, String accessKeyId, String rotatedFrom, String userName) {
        List<Subscription> wanting = subscriptions.all().stream()
                .filter(subscription -> subscription.wants(type, userName))
                .toList();
        if (wanting.isEmpty()) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("timestamp", timestamp.toString());
        body.put("data", data);
        String text = json.writeValueAsString(body);
        store.insert(
                wanting.stream()
                        .map(subscription -> new DeliveryStore.NewDelivery(
                                webhookId(subscription.name(), text),
                                subscription.name(),
                                type,
                                timestamp,
                                accessKeyId,
                                rotatedFrom,
                                userName,
                                text))
                        .toList(),
                clock.instant(),
                properties.delivery().maxRetryDuration());
    }

    /**
     * The delivery's Standard Webhooks id, drawn from the event (its body holds its type, time and
     * data) and the subscription: a listener run again for an event it already wrote (Spring Modulith
     * republishes one whose completion a crash kept from being recorded) draws the same ids, and the
     * outbox keeps the first.
     */
    static String webhookId(String subscription, String body) {
        return "msg_" + UUID.nameUUIDFromBytes((subscription + "\n" + body).getBytes(StandardCharsets.UTF_8));
    }
}
