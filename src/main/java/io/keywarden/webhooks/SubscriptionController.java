package io.keywarden.webhooks;

import io.keywarden.identity.UserNameGlob;
import io.keywarden.platform.web.InvalidInputException;
import io.keywarden.platform.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Webhook subscriptions (ADMIN): those of the configuration, listed, and those made here, which can
 * also be deleted and have their secret rotated. A secret goes in and never comes back out: no
 * answer holds it. A rotation keeps the previous secret for an overlap during which every delivery
 * carries both signatures, so the receiver can switch at its own pace.
 */
@RestController
@Tag(name = "Webhooks")
class SubscriptionController {

    static final String PATH = "/admin/v1/subscriptions";
    private static final Duration DEFAULT_OVERLAP = Duration.ofHours(24);
    private static final Duration MAX_OVERLAP = Duration.ofDays(7);

    private final Subscriptions subscriptions;
    private final SubscriptionStore store;
    private final DeliveryStore deliveries;
    private final Clock clock;

    SubscriptionController(
            Subscriptions subscriptions, SubscriptionStore store, DeliveryStore deliveries, Clock clock) {
        this.subscriptions = subscriptions;
        this.store = store;
        this.deliveries = deliveries;
        this.clock = clock;
    }

    /** A subscription to make: its secret is base64 of 24 or more random bytes, a {@code whsec_} prefix accepted. */
    record NewSubscription(String name, String url, String secret, List<String> types, List<String> userNames) {

        @Override
        public String toString() {
            return "NewSubscription[name=" + name + ", url=" + url + "]";
        }
    }

    /** A new secret, and how long the old one still signs (ISO-8601 duration, default {@code PT24H}). */
    record Rotation(String secret, String overlap) {

        @Override
        public String toString() {
            return "Rotation[overlap=" + overlap + "]";
        }
    }

    /** A subscription as listed: never its secret. */
    record Listed(
            String name,
            String source,
            String url,
            Set<String> types,
            List<String> userNames,
            String disabled,
            Instant previousSecretUntil) {}

    @Operation(summary = "Webhook subscriptions, configured and made here, without their secrets (ADMIN)")
    @GetMapping(PATH)
    ResponseEntity<List<Listed>> list() {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(subscriptions.all().stream().map(this::listed).toList());
    }

    @Operation(
            summary = "Make a webhook subscription (ADMIN)",
            description = "name, url, secret (base64 of 24 or more bytes, whsec_ prefix accepted), types, userNames"
                    + " (globs). 201; 400 naming the field at fault; 409 when the name is taken or no"
                    + " keywarden.events.secret-key is set. The secret is never answered back.")
    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> create(@RequestBody NewSubscription body) {
        if (!store.enabled()) {
            return notEnabled();
        }
        if (body == null) {
            throw new InvalidInputException("A body with name, url, secret, types and userNames is required.");
        }
        Subscription subscription;
        try {
            subscription = Subscriptions.parse(
                    "subscription",
                    new WebhookProperties.SubscriptionSetting(
                            body.name(), body.url(), body.secret(), body.types(), body.userNames()),
                    subscriptions.guard());
        } catch (IllegalStateException ex) {
            throw new InvalidInputException(ex.getMessage());
        }
        if (subscriptions.isConfigured(subscription.name()) || !store.insert(subscription, clock.instant())) {
            return Problems.answer(Problems.conflict(
                    "subscription-exists",
                    "Subscription exists",
                    "A subscription is already named " + subscription.name() + "."));
        }
        return ResponseEntity.created(URI.create(PATH + "/" + subscription.name()))
                .cacheControl(CacheControl.noStore())
                .body(listed(subscription));
    }

    @Operation(
            summary = "Rotate a subscription's secret, the old one still signing for an overlap (ADMIN)",
            description = "secret: the new one; overlap: ISO-8601, default PT24H, at most P7D. Until it ends,"
                    + " webhook-signature carries two signatures, the new secret's first.")
    @PostMapping(path = PATH + "/{name}/rotate", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> rotate(@PathVariable String name, @RequestBody Rotation body) {
        ResponseEntity<?> refused = refuseUnlessStored(name);
        if (refused != null) {
            return refused;
        }
        if (body == null) {
            throw new InvalidInputException("A body with the new secret is required.");
        }
        byte[] secret;
        try {
            secret = Subscriptions.secret("subscription", body.secret());
        } catch (IllegalStateException ex) {
            throw new InvalidInputException("secret", ex.getMessage());
        }
        Duration overlap = overlap(body.overlap());
        Instant now = clock.instant();
        store.rotate(name, secret, now.plus(overlap), now);
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(listed(store.named(name).orElseThrow()));
    }

    @Operation(summary = "Delete a subscription made here (ADMIN); its pending deliveries fail")
    @DeleteMapping(PATH + "/{name}")
    ResponseEntity<?> delete(@PathVariable String name) {
        ResponseEntity<?> refused = refuseUnlessStored(name);
        if (refused != null) {
            return refused;
        }
        store.delete(name);
        return ResponseEntity.noContent().build();
    }

    private ResponseEntity<?> refuseUnlessStored(String name) {
        if (subscriptions.isConfigured(name)) {
            return Problems.answer(Problems.conflict(
                    "subscription-configured",
                    "Subscription configured",
                    "The subscription " + name + " comes from configuration; change it there."));
        }
        if (store.named(name).isEmpty()) {
            return Problems.answer(Problems.notFound("No subscription is named " + name + "."));
        }
        return null;
    }

    private static Duration overlap(String text) {
        if (text == null) {
            return DEFAULT_OVERLAP;
        }
        try {
            Duration overlap = Duration.parse(text);
            if (!overlap.isNegative() && overlap.compareTo(MAX_OVERLAP) <= 0) {
                return overlap;
            }
        } catch (DateTimeParseException ignored) {
            // answered below
        }
        throw new InvalidInputException("overlap", "overlap must be an ISO-8601 duration from PT0S to P7D.");
    }

    private static ResponseEntity<?> notEnabled() {
        return Problems.answer(Problems.conflict(
                "subscriptions-not-enabled",
                "Subscriptions not enabled",
                "keywarden.events.secret-key is not set: subscriptions come from configuration only."));
    }

    private Listed listed(Subscription subscription) {
        Instant now = clock.instant();
        Instant until = subscription.previousUntil() != null && now.isBefore(subscription.previousUntil())
                ? subscription.previousUntil()
                : null;
        return new Listed(
                subscription.name(),
                subscriptions.isConfigured(subscription.name()) ? "configuration" : "api",
                subscription.url().toString(),
                subscription.types(),
                subscription.userNames().stream().map(UserNameGlob::glob).toList(),
                deliveries.disabledReason(subscription.name()).orElse(null),
                until);
    }
}
