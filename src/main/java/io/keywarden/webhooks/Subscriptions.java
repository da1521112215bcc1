package io.keywarden.webhooks;

import io.keywarden.events.AuditBroken;
import io.keywarden.events.KeyEvent;
import io.keywarden.events.OrphanAmbiguous;
import io.keywarden.identity.UserNameGlob;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The subscriptions of {@code keywarden.events.subscriptions}, checked once at start-up: a bad one
 * stops the start with a message naming the subscription and the setting at fault (never the
 * secret's value).
 */
@Component
class Subscriptions {

    /** Every type a subscription may name. */
    static final Set<String> TYPES = Stream.concat(
                    Stream.of(KeyEvent.Type.values()).map(KeyEvent.Type::wireName),
                    Stream.of(OrphanAmbiguous.TYPE, AuditBroken.TYPE))
            .collect(Collectors.toCollection(LinkedHashSet::new));

    private static final String PREFIX = "whsec_";
    private static final int MIN_SECRET_BYTES = 24;

    private final Map<String, Subscription> byName;
    private final TargetGuard guard;
    private final SubscriptionStore stored;

    /** Only the configured subscriptions, none stored. */
    Subscriptions(WebhookProperties properties) {
        this(properties, null);
    }

    @Autowired
    Subscriptions(WebhookProperties properties, SubscriptionStore stored) {
        this.stored = stored;
        this.guard = new TargetGuard(properties.allowPrivateTargets(), properties.allowInsecureHttp());
        Map<String, Subscription> parsed = new LinkedHashMap<>();
        for (int i = 0; i < properties.subscriptions().size(); i++) {
            Subscription subscription = parse(
                    "keywarden.events.subscriptions[" + i + "]",
                    properties.subscriptions().get(i),
                    guard);
            if (parsed.putIfAbsent(subscription.name(), subscription) != null) {
                throw new IllegalStateException(
                        "keywarden.events.subscriptions: the name " + subscription.name() + " is used twice");
            }
        }
        this.byName = Map.copyOf(parsed);
    }

    /** The configured subscriptions, then those made at {@code /admin/v1/subscriptions}. */
    List<Subscription> all() {
        if (stored == null) {
            return List.copyOf(byName.values());
        }
        List<Subscription> all = new ArrayList<>(byName.values());
        all.addAll(stored.all());
        return all;
    }

    Optional<Subscription> named(String name) {
        Subscription configured = byName.get(name);
        if (configured != null || stored == null) {
            return Optional.ofNullable(configured);
        }
        return stored.named(name);
    }

    /** Whether the subscription comes from configuration (and cannot be changed at the API). */
    boolean isConfigured(String name) {
        return byName.containsKey(name);
    }

    TargetGuard guard() {
        return guard;
    }

    /**
     * Checks a subscription as written, in configuration or in a request.
     *
     * @param at how a failure names the subscription, such as {@code keywarden.events.subscriptions[0]}
     * @throws IllegalStateException naming the setting at fault, never the secret's value
     */
    static Subscription parse(String at, WebhookProperties.SubscriptionSetting setting, TargetGuard guard) {
        if (setting.name() == null || !setting.name().matches("[A-Za-z0-9._-]{1,100}")) {
            throw new IllegalStateException(at + ".name is required: 1 to 100 letters, digits, '.', '_' or '-'");
        }
        at = at + " (" + setting.name() + ")";
        URI url = url(at, setting.url(), guard);
        byte[] secret = secret(at, setting.secret());
        if (setting.types() == null || setting.types().isEmpty()) {
            throw new IllegalStateException(at + ".types is required: one or more of " + TYPES);
        }
        List<String> unknown = new ArrayList<>(setting.types());
        unknown.removeAll(TYPES);
        if (!unknown.isEmpty()) {
            throw new IllegalStateException(at + ".types names unknown types " + unknown + "; known: " + TYPES);
        }
        if (setting.userNames() == null
                || setting.userNames().isEmpty()
                || setting.userNames().stream().anyMatch(glob -> glob == null || glob.isEmpty())) {
            throw new IllegalStateException(
                    at + ".user-names is required: the globs of the users whose events it receives (\"*\" for all)");
        }
        return new Subscription(
                setting.name(),
                url,
                secret,
                Set.copyOf(setting.types()),
                setting.userNames().stream().map(UserNameGlob::of).toList());
    }

    private static URI url(String at, String text, TargetGuard guard) {
        if (text == null || text.isBlank()) {
            throw new IllegalStateException(at + ".url is required");
        }
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException ex) {
            throw new IllegalStateException(at + ".url is not a URL: " + ex.getMessage());
        }
        try {
            guard.checkUrl(url);
            String host = url.getHost();
            if (isAddressLiteral(host)) {
                guard.check(host, InetAddress.getByName(host.replace("[", "").replace("]", "")));
            }
        } catch (TargetGuard.TargetRefusedException | java.net.UnknownHostException ex) {
            throw new IllegalStateException(at + ".url is refused: " + ex.getMessage());
        }
        return url;
    }

    private static boolean isAddressLiteral(String host) {
        return host.startsWith("[") || host.matches("[0-9.]+");
    }

    /** The secret's bytes: a {@code whsec_} prefix stripped, base64 of 24 or more bytes. */
    static byte[] secret(String at, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalStateException(at + ".secret is required: base64 of " + MIN_SECRET_BYTES
                    + " or more random bytes, a whsec_ prefix accepted");
        }
        String encoded = text.startsWith(PREFIX) ? text.substring(PREFIX.length()) : text;
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException ex) {
            throw new IllegalStateException(at + ".secret is not base64 (a whsec_ prefix is accepted)");
        }
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalStateException(at + ".secret is " + bytes.length + " bytes: it must be " + MIN_SECRET_BYTES
                    + " or more random bytes, base64-encoded");
        }
        return bytes;
    }
}
