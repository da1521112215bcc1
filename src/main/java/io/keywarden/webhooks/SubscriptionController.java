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
import org.springframework.context.annotation.Bean;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.support.TransactionTemplate;
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
 * carries both signatures, so the receiver can switch at its own pace. Every change, and every
 * refused attempt at one, is audited with the caller; the audit names the subscription, its target
 * and its scope, never its secret.
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
    private final AuditLog audit;
    private final TransactionTemplate transactions;

    SubscriptionController(
            Subscriptions subscriptions,
            SubscriptionStore store,
            DeliveryStore deliveries,
            Clock clock,
            AuditLog audit,
            TransactionTemplate transactions) {
        this.subscriptions = subscriptions;
        this.store = store;
        this.deliveries = deliveries;
        this.clock = clock;
        this.audit = audit;
        this.transactions = transactions;
    }

    /** Only ADMIN may change subscriptions; any other client's attempt is audited DENIED. */
    @Bean
    static RouteAccess createSubscriptionAccess(AuditedAccess audited) {
        return audited.route(HttpMethod.POST, PATH, AuditAction.CREATE_WEBHOOK_SUBSCRIPTION, Role.ADMIN);
    }

    @Bean
    static RouteAccess rotateSubscriptionSecretAccess(AuditedAccess audited) {
        return audited.route(HttpMethod.POST, PATH + "/{name}/rotate", AuditAction.ROTATE_WEBHOOK_SECRET, Role.ADMIN);
    }

    @Bean
    static RouteAccess deleteSubscriptionAccess(AuditedAccess audited) {
        return audited.route(HttpMethod.DELETE, PATH + "/{name}", AuditAction.DELETE_WEBHOOK_SUBSCRIPTION, Role.ADMIN);
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
    @AuditedAttempt(AuditAction.CREATE_WEBHOOK_SUBSCRIPTION)
    ResponseEntity<?> create(@AuthenticationPrincipal Caller caller, @RequestBody NewSubscription body) {
        if (!store.enabled()) {
            throw notEnabled();
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
        boolean made = !subscriptions.isConfigured(subscription.name())
                && Boolean.TRUE.equals(transactions.execute(tx -> {
                    if (!store.insert(subscription, clock.instant())) {
                        tx.setRollbackOnly(); // the failed insert ended the transaction in the database
                        return false;
                    }
                    audit.append(AuditEntry.of(caller, AuditAction.CREATE_WEBHOOK_SUBSCRIPTION, AuditOutcome.SUCCEEDED)
                            .detail("subscription " + describe(subscription)));
                    return true;
                }));
        if (!made) {
            throw new WebhookRefusedException(Problems.conflict(
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
    @AuditedAttempt(AuditAction.ROTATE_WEBHOOK_SECRET)
    ResponseEntity<?> rotate(
            @AuthenticationPrincipal Caller caller, @PathVariable String name, @RequestBody Rotation body) {
        refuseUnlessStored(name);
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
        transactions.executeWithoutResult(tx -> {
            store.rotate(name, secret, now.plus(overlap), now);
            audit.append(AuditEntry.of(caller, AuditAction.ROTATE_WEBHOOK_SECRET, AuditOutcome.SUCCEEDED)
                    .detail("subscription " + name + ": a new signing secret; the previous one also signs until "
                            + now.plus(overlap)));
        });
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(listed(store.named(name).orElseThrow()));
    }

    @Operation(summary = "Delete a subscription made here (ADMIN); its pending deliveries fail")
    @DeleteMapping(PATH + "/{name}")
    @AuditedAttempt(AuditAction.DELETE_WEBHOOK_SUBSCRIPTION)
    ResponseEntity<?> delete(@AuthenticationPrincipal Caller caller, @PathVariable String name) {
        Subscription deleted = refuseUnlessStored(name);
        transactions.executeWithoutResult(tx -> {
            store.delete(name);
            audit.append(AuditEntry.of(caller, AuditAction.DELETE_WEBHOOK_SUBSCRIPTION, AuditOutcome.SUCCEEDED)
                    .detail("subscription " + describe(deleted)));
        });
        return ResponseEntity.noContent().build();
    }

    /** The subscription made here of that name; refused when it is configured or there is none. */
    private Subscription refuseUnlessStored(String name) {
        if (subscriptions.isConfigured(name)) {
            throw new WebhookRefusedException(Problems.conflict(
                    "subscription-configured",
                    "Subscription configured",
                    "The subscription " + name + " comes from configuration; change it there."));
        }
        return store.named(name)
                .orElseThrow(
                        () -> new WebhookRefusedException(Problems.notFound("No subscription is named " + name + ".")));
    }

    /**
     * The subscription as the audit names it: its name, target (without user info or a query, which
     * may hold a receiver's own credentials), types and user globs; never its secret.
     */
    private static String describe(Subscription subscription) {
        URI url = subscription.url();
        String target = url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + (url.getRawPath() == null ? "" : url.getRawPath());
        return subscription.name() + " to " + target + ", types "
                + subscription.types().stream().sorted().toList() + ", users "
                + subscription.userNames().stream().map(UserNameGlob::glob).toList();
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

    private static WebhookRefusedException notEnabled() {
        return new WebhookRefusedException(Problems.conflict(
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
