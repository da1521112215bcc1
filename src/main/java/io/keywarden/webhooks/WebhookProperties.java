package io.keywarden.webhooks;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The webhook settings under {@code keywarden.events} (beside the events' own lead time).
 *
 * @param subscriptions the configured subscriptions; checked at start-up by {@link Subscriptions}
 * @param allowPrivateTargets whether loopback, link-local, private and unique-local targets are
 *     allowed (default {@code false}: refused, also after DNS resolution)
 * @param allowInsecureHttp whether plain {@code http://} targets are allowed (default {@code false})
 * @param delivery how deliveries are sent and retried
 * @param secretKey base64 of 32 bytes: the key the secrets of subscriptions made at
 *     {@code /admin/v1/subscriptions} are encrypted with; unset: subscriptions come from configuration only
 */
@ConfigurationProperties("keywarden.events")
public record WebhookProperties(
        List<SubscriptionSetting> subscriptions,
        @DefaultValue("false") boolean allowPrivateTargets,
        @DefaultValue("false") boolean allowInsecureHttp,
        @DefaultValue Delivery delivery,
        String secretKey) {

    public WebhookProperties {
        subscriptions = subscriptions == null ? List.of() : List.copyOf(subscriptions);
    }

    /**
     * One configured subscription, as written. Its {@code toString} leaves the secret out.
     *
     * @param name the subscription's name, unique, shown in the delivery log
     * @param url where its deliveries are posted
     * @param secret the signing secret: base64 of 24 or more bytes, a {@code whsec_} prefix accepted
     * @param types the event types it receives, such as {@code key.issued}
     * @param userNames globs of the user names whose events it receives
     */
    @Override
    public String toString() {
        return "WebhookProperties[subscriptions=" + subscriptions + ", allowPrivateTargets=" + allowPrivateTargets
                + ", allowInsecureHttp=" + allowInsecureHttp + ", delivery=" + delivery + "]";
    }

    public record SubscriptionSetting(
            String name, String url, String secret, List<String> types, List<String> userNames) {

        @Override
        public String toString() {
            return "SubscriptionSetting[name=" + name + ", url=" + url + ", types=" + types + ", userNames=" + userNames
                    + "]";
        }
    }

    /**
     * @param maxRetryDuration how long after an event a delivery is retried before it is given up
     *     (a dead letter); default 24 hours
     * @param initialBackoff the wait after the first failure, doubled after each further one, with
     *     jitter
     * @param maxBackoff the longest wait between two attempts (a {@code Retry-After} may ask longer)
     * @param connectTimeout how long a connection to a target may take
     * @param readTimeout how long a target may take to answer
     * @param claimLease how long an instance holds the deliveries it claimed; a crashed instance's
     *     claims run out after it and another instance sends them
     * @param perRun the most deliveries one run of the job sends
     * @param deliveredRetention how long a DELIVERED delivery and its attempts stay in the log after it
     *     was delivered, before the {@code webhook-purge} job deletes them; default 7 days
     * @param deadRetention the same for a DEAD or FAILED one, kept longer for an operator to look into
     *     and retry; default 30 days (a retried one is pending again and kept until it finishes)
     */
    public record Delivery(
            @DefaultValue("PT24H") Duration maxRetryDuration,
            @DefaultValue("PT10S") Duration initialBackoff,
            @DefaultValue("PT1H") Duration maxBackoff,
            @DefaultValue("PT5S") Duration connectTimeout,
            @DefaultValue("PT10S") Duration readTimeout,
            @DefaultValue("PT2M") Duration claimLease,
            @DefaultValue("1000") int perRun,
            @DefaultValue("P7D") Duration deliveredRetention,
            @DefaultValue("P30D") Duration deadRetention) {

        public Delivery {
            requirePositive("max-retry-duration", maxRetryDuration);
            requirePositive("initial-backoff", initialBackoff);
            requirePositive("max-backoff", maxBackoff);
            requirePositive("connect-timeout", connectTimeout);
            requirePositive("read-timeout", readTimeout);
            requirePositive("claim-lease", claimLease);
            requirePositive("delivered-retention", deliveredRetention);
            requirePositive("dead-retention", deadRetention);
            if (perRun < 1) {
                throw new IllegalArgumentException("keywarden.events.delivery.per-run must be at least 1");
            }
        }

        /** The wait after the {@code attempts}-th failure, before jitter: doubling, at most {@link #maxBackoff}. */
        Duration backoffAfter(int attempts) {
            int doublings = Math.min(Math.max(attempts - 1, 0), 30);
            Duration wait = initialBackoff.multipliedBy(1L << doublings);
            return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
        }

        private static void requirePositive(String name, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(
                        "keywarden.events.delivery." + name + " must be a positive duration, not " + value);
            }
        }
    }
}
