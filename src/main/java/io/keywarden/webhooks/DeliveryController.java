package io.keywarden.webhooks;

import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditEntry;
import io.keywarden.audit.AuditLog;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.audit.AuditedAccess;
import io.keywarden.audit.AuditedAttempt;
import io.keywarden.identity.Caller;
import io.keywarden.identity.Role;
import io.keywarden.identity.RouteAccess;
import io.keywarden.platform.web.InvalidInputException;
import io.keywarden.platform.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpMethod;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The delivery log (ADMIN, as every {@code /admin} route no module opens to others): each delivery
 * with its attempts, newest first, keyset paged; a redelivery of a DEAD or FAILED one under the same
 * {@code webhook-id}; and enabling a subscription a receiver disabled with 410. Nothing here ever
 * shows a subscription's secret. A redelivery and an enabling are audited with the caller, refused
 * attempts too.
 */
@RestController
@Tag(name = "Webhooks")
class DeliveryController {

    static final String PATH = "/admin/v1/deliveries";
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 200;
    private static final Set<String> STATES = Set.of("PENDING", "DELIVERED", "FAILED", "DEAD");

    private final DeliveryStore store;
    private final Subscriptions subscriptions;
    private final WebhookProperties properties;
    private final Clock clock;
    private final AuditLog audit;
    private final TransactionTemplate transactions;

    DeliveryController(
            DeliveryStore store,
            Subscriptions subscriptions,
            WebhookProperties properties,
            Clock clock,
            AuditLog audit,
            TransactionTemplate transactions) {
        this.store = store;
        this.subscriptions = subscriptions;
        this.properties = properties;
        this.clock = clock;
        this.audit = audit;
        this.transactions = transactions;
    }

    /** Only ADMIN may redeliver; any other client's attempt is audited DENIED. */
    @Bean
    static RouteAccess retryDeliveryAccess(AuditedAccess audited) {
        return audited.route(HttpMethod.POST, PATH + "/{id}/retry", AuditAction.RETRY_WEBHOOK_DELIVERY, Role.ADMIN);
    }

    @Bean
    static RouteAccess enableSubscriptionAccess(AuditedAccess audited) {
        return audited.route(
                HttpMethod.POST,
                SubscriptionController.PATH + "/{name}/enable",
                AuditAction.ENABLE_WEBHOOK_SUBSCRIPTION,
                Role.ADMIN);
    }

    /** Configured subscriptions a receiver disabled stay so until a start: a start enables them again. */
    @EventListener(ApplicationReadyEvent.class)
    void enableConfiguredSubscriptionsOnStart() {
        store.enableAll();
    }

    @Operation(
            summary = "Webhook deliveries and their attempts, newest first (ADMIN)",
            description = "subscription: a subscription's name; state: PENDING, DELIVERED, FAILED or DEAD; limit 1 to "
                    + MAX_LIMIT + " (default " + DEFAULT_LIMIT + "); cursor: the nextCursor of the page before.")
    @GetMapping(PATH)
    ResponseEntity<Page> list(
            @RequestParam(required = false) String subscription,
            @RequestParam(required = false) String state,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String cursor) {
        if (state != null && !STATES.contains(state)) {
            throw new InvalidInputException("state", "state must be one of PENDING, DELIVERED, FAILED, DEAD.");
        }
        if (subscription != null && subscriptions.named(subscription).isEmpty()) {
            throw new InvalidInputException("subscription", "No subscription is named so.");
        }
        int size = number("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
        Long before = cursor == null ? null : (long) number("cursor", cursor, 0, 1, Integer.MAX_VALUE);
        List<DeliveryStore.Logged> found = store.page(subscription, state, before, size + 1);
        List<Delivery> items = found.stream()
                .limit(size)
                .map(logged -> Delivery.of(logged, store.attempts(logged.id())))
                .toList();
        String next = found.size() > size ? Long.toString(found.get(size - 1).position()) : null;
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(new Page(items, next));
    }

    @Operation(summary = "One webhook delivery and its attempts (ADMIN)")
    @GetMapping(PATH + "/{id}")
    ResponseEntity<?> one(@PathVariable String id) {
        return store.find(uuid(id))
                .<ResponseEntity<?>>map(logged -> ResponseEntity.ok()
                        .cacheControl(CacheControl.noStore())
                        .body(Delivery.of(logged, store.attempts(logged.id()))))
                .orElseGet(() -> notFound(id));
    }

    @Operation(
            summary = "Deliver a DEAD or FAILED delivery again, under the same webhook-id (ADMIN)",
            description = "202: pending again, sent by the next run of the webhook-delivery job, and retried for"
                    + " keywarden.events.delivery.max-retry-duration from now. 409: it is pending or delivered, or its"
                    + " subscription is disabled.")
    @PostMapping(PATH + "/{id}/retry")
    @AuditedAttempt(AuditAction.RETRY_WEBHOOK_DELIVERY)
    ResponseEntity<?> retry(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        UUID delivery = uuid(id);
        DeliveryStore.Logged logged = store.find(delivery)
                .orElseThrow(
                        () -> new WebhookRefusedException(Problems.notFound("No delivery has the id " + id + ".")));
        if (store.disabledReason(logged.subscription()).isPresent()) {
            throw new WebhookRefusedException(Problems.conflict(
                    "subscription-disabled",
                    "Subscription disabled",
                    "The subscription " + logged.subscription() + " is disabled; enable it first at POST"
                            + " /admin/v1/subscriptions/" + logged.subscription() + "/enable."));
        }
        boolean redelivered = Boolean.TRUE.equals(transactions.execute(tx -> {
            if (!store.redeliver(
                    delivery, clock.instant(), properties.delivery().maxRetryDuration())) {
                return false;
            }
            audit.append(AuditEntry.of(caller, AuditAction.RETRY_WEBHOOK_DELIVERY, AuditOutcome.SUCCEEDED)
                    .user(logged.userName())
                    .key(logged.accessKeyId())
                    .detail("delivery " + delivery + " (" + logged.webhookId() + ", " + logged.eventType()
                            + ") to the subscription " + logged.subscription() + ", " + logged.state()
                            + " after " + logged.attempts() + " attempts, is pending again"));
            return true;
        }));
        if (!redelivered) {
            throw new WebhookRefusedException(Problems.conflict(
                    "delivery-not-retryable",
                    "Delivery not retryable",
                    "Only a DEAD or FAILED delivery is delivered again; this one is " + logged.state() + "."));
        }
        DeliveryStore.Logged now = store.find(delivery).orElseThrow();
        return ResponseEntity.accepted()
                .cacheControl(CacheControl.noStore())
                .body(Delivery.of(now, store.attempts(delivery)));
    }

    @Operation(summary = "Enable a subscription its receiver disabled with 410 Gone (ADMIN)")
    @PostMapping(SubscriptionController.PATH + "/{name}/enable")
    @AuditedAttempt(AuditAction.ENABLE_WEBHOOK_SUBSCRIPTION)
    ResponseEntity<?> enable(@AuthenticationPrincipal Caller caller, @PathVariable String name) {
        if (subscriptions.named(name).isEmpty()) {
            throw new WebhookRefusedException(Problems.notFound("No subscription is named " + name + "."));
        }
        transactions.executeWithoutResult(tx -> {
            boolean wasDisabled = store.enable(name);
            audit.append(AuditEntry.of(caller, AuditAction.ENABLE_WEBHOOK_SUBSCRIPTION, AuditOutcome.SUCCEEDED)
                    .detail("subscription " + name + (wasDisabled ? " enabled" : " was not disabled")));
        });
        return ResponseEntity.noContent().build();
    }

    private static ResponseEntity<ProblemDetail> notFound(String id) {
        return Problems.answer(Problems.notFound("No delivery has the id " + id + "."));
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException ex) {
            throw new InvalidInputException("id", "A delivery id is a UUID.");
        }
    }

    private static int number(String name, String text, int otherwise, int min, int max) {
        if (text == null) {
            return otherwise;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new InvalidInputException(name, name + " must be a whole number from " + min + " to " + max + ".");
    }

    /** One page of deliveries, newest first; {@code nextCursor} is {@code null} on the last. */
    record Page(List<Delivery> items, String nextCursor) {}

    /** A delivery as the log shows it, with its attempts. */
    record Delivery(
            UUID id,
            String webhookId,
            String subscription,
            String type,
            String accessKeyId,
            String userName,
            String state,
            int attempts,
            Instant createdAt,
            Instant nextAttemptAt,
            Instant finishedAt,
            String lastError,
            List<DeliveryStore.Attempt> attemptLog) {

        static Delivery of(DeliveryStore.Logged logged, List<DeliveryStore.Attempt> attempts) {
            return new Delivery(
                    logged.id(),
                    logged.webhookId(),
                    logged.subscription(),
                    logged.eventType(),
                    logged.accessKeyId(),
                    logged.userName(),
                    logged.state(),
                    logged.attempts(),
                    logged.createdAt(),
                    "PENDING".equals(logged.state()) ? logged.nextAttemptAt() : null,
                    logged.finishedAt(),
                    logged.lastError(),
                    attempts);
        }
    }
}
