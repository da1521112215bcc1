package io.keywarden.webhooks;

import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditEntry;
import io.keywarden.audit.AuditLog;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.events.EventBacklog;
import io.keywarden.events.KeyEvent;
import io.keywarden.jobs.Job;
import io.keywarden.jobs.JobResult;
import io.keywarden.jobs.ScheduledJob;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends the due deliveries of the outbox, a job like the others (same runner, lock and history).
 * Each run claims due deliveries in small batches and sends them one at a time, so each endpoint
 * has at most one delivery in flight per instance; a key's deliveries to one subscription go out
 * in order, as the claim takes only the earliest pending one of each key. A failure is retried
 * after a doubling wait with jitter (or the receiver's {@code Retry-After} on 429 and 503) until
 * the configured time since the event has passed: then the delivery is DEAD, a dead letter,
 * counted in {@code keywarden.webhooks.dead}. A 410 fails the delivery and disables its
 * subscription. A {@code key.rotated} delivery carrying an automatic rotation's sealed secret that
 * is answered 2xx is audited {@code DELIVER_SEALED_SECRET}, in the transaction that records it
 * delivered: the delivery is one step of a rotation no person watched.
 */
@Component
class WebhookDeliveryJob extends ScheduledJob {

    static final String NAME = "webhook-delivery";
    private static final int BATCH = 10;
    private static final Logger log = LoggerFactory.getLogger(WebhookDeliveryJob.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DeliveryStore store;
    private final Subscriptions subscriptions;
    private final WebhookSender sender;
    private final WebhookProperties.Delivery settings;
    private final EventBacklog backlog;
    private final Clock clock;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Counter dead;
    private final String worker = "worker-" + UUID.randomUUID();

    WebhookDeliveryJob(
            DeliveryStore store,
            Subscriptions subscriptions,
            WebhookSender sender,
            EventBacklog backlog,
            WebhookProperties properties,
            Clock clock,
            MeterRegistry registry,
            AuditLog audit,
            TransactionTemplate transactions) {
        super(
                NAME,
                Duration.ofSeconds(5),
                "Sends the due webhook deliveries, in order per key, and retries failures with backoff until they"
                        + " are given up as dead letters.");
        this.store = store;
        this.subscriptions = subscriptions;
        this.sender = sender;
        this.backlog = backlog;
        this.settings = properties.delivery();
        this.clock = clock;
        this.audit = audit;
        this.transactions = transactions;
        this.dead = Counter.builder("keywarden.webhooks.dead")
                .description("Webhook deliveries given up after the configured retry time (dead letters)")
                .register(registry);
        Gauge.builder("keywarden.webhooks.dead.current", store, DeliveryStore::countDead)
                .description("Webhook deliveries now DEAD, waiting for an operator's retry")
                .register(registry);
    }

    @Override
    public JobResult run() {
        JobResult total = JobResult.none();
        while (total.examined() < settings.perRun()) {
            List<DeliveryStore.Claimed> claimed = store.claim(
                    worker,
                    clock.instant(),
                    settings.claimLease(),
                    Math.min(BATCH, settings.perRun() - total.examined()),
                    backlog.keysWaitingFor(DeliveryOutbox.class));
            if (claimed.isEmpty()) {
                break;
            }
            for (DeliveryStore.Claimed delivery : claimed) {
                total = total.plus(deliver(delivery));
            }
        }
        return total;
    }

    private JobResult deliver(DeliveryStore.Claimed delivery) {
        Optional<Subscription> subscription = subscriptions.named(delivery.subscription());
        int attempts = delivery.attempts() + 1;
        Instant now = clock.instant();
        if (subscription.isEmpty()) {
            String error = "the subscription " + delivery.subscription() + " is no longer configured";
            store.settle(delivery.id(), worker, delivery.attempts(), "FAILED", now, error);
            return JobResult.itemFailed(error);
        }
        WebhookSender.Outcome outcome = sender.send(subscription.get(), delivery.webhookId(), delivery.body());
        // The attempt and what it settles are one commit: a durable commit is most of a delivery's cost.
        return transactions.execute(tx -> settle(delivery, outcome, attempts, clock.instant()));
    }

    private JobResult settle(DeliveryStore.Claimed delivery, WebhookSender.Outcome outcome, int attempts, Instant now) {
        store.recordAttempt(
                delivery.id(),
                attempts,
                now,
                outcome.status(),
                outcome.durationMs(),
                outcome.answer(),
                outcome.error());
        if (outcome.delivered()) {
            if (store.settle(delivery.id(), worker, attempts, "DELIVERED", now, null)
                    && carriesSealedSecret(delivery)) {
                audit.append(AuditEntry.of(Job.ACTOR, AuditAction.DELIVER_SEALED_SECRET, AuditOutcome.SUCCEEDED)
                        .user(delivery.userName())
                        .key(delivery.accessKeyId())
                        .detail("the sealed secret was delivered to the webhook subscription "
                                + delivery.subscription() + " as " + delivery.webhookId() + " (HTTP "
                                + outcome.status() + ", attempt " + attempts + ")"));
            }
            return JobResult.itemChanged();
        }
        String error = outcome.error() != null ? outcome.error() : "HTTP " + outcome.status();
        if (Integer.valueOf(410).equals(outcome.status())) {
            String reason = "the receiver answered 410 Gone to " + delivery.webhookId();
            store.disable(delivery.subscription(), now, reason);
            store.settle(delivery.id(), worker, attempts, "FAILED", now, error);
            log.warn("Webhook subscription {} disabled: {}", delivery.subscription(), reason);
            return JobResult.itemFailed(delivery.subscription() + ": " + reason);
        }
        if (!now.isBefore(delivery.giveUpAt())) {
            store.settle(delivery.id(), worker, attempts, "DEAD", now, error);
            dead.increment();
            log.warn(
                    "Webhook delivery {} to {} given up after {} attempts: {}",
                    delivery.webhookId(),
                    delivery.subscription(),
                    attempts,
                    error);
            return JobResult.itemFailed(delivery.subscription() + ": " + error);
        }
        Duration wait = wait(attempts, outcome.retryAfter());
        Duration left = Duration.between(now, delivery.giveUpAt());
        // However long a Retry-After asks, the last attempt is made when the delivery is given up.
        store.retryLater(delivery.id(), worker, attempts, now.plus(wait.compareTo(left) > 0 ? left : wait), error);
        log.info(
                "Webhook delivery {} to {} failed (attempt {}), tried again later: {}",
                delivery.webhookId(),
                delivery.subscription(),
                attempts,
                error);
        return JobResult.itemFailed(delivery.subscription() + ": " + error);
    }

    /** Whether the delivery is a {@code key.rotated} whose data carries the successor's sealed secret. */
    private static boolean carriesSealedSecret(DeliveryStore.Claimed delivery) {
        if (!KeyEvent.Type.ROTATED.wireName().equals(delivery.eventType())) {
            return false;
        }
        try {
            JsonNode sealed = JSON.readTree(delivery.body()).path("data").path("sealedSecret");
            return !sealed.isMissingNode() && !sealed.isNull();
        } catch (JacksonException unreadable) {
            return false;
        }
    }

    /** The receiver's {@code Retry-After} if it gave one, else the backoff with up to half of it added as jitter. */
    private Duration wait(int attempts, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter;
        }
        Duration backoff = settings.backoffAfter(attempts);
        long jitter = ThreadLocalRandom.current().nextLong(backoff.toMillis() / 2 + 1);
        return backoff.plusMillis(jitter);
    }
}
