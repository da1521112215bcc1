package io.keywarden.webhooks;

import io.keywarden.platform.web.PrintableText;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Posts one delivery to its subscription's target. The client resolves host names through the
 * {@link TargetGuard}, which checks every address before any is connected to, follows no redirect,
 * retries nothing by itself (the outbox does), and keeps only the first {@value #ANSWER_BYTES}
 * bytes of an answer: the connection is dropped with the rest unread.
 */
@Component
class WebhookSender implements DisposableBean {

    static final int ANSWER_BYTES = 4096;
    private static final int ANSWER_KEPT = 500;

    private final Subscriptions subscriptions;
    private final Clock clock;
    private final Duration readTimeout;
    private final CloseableHttpClient client;

    WebhookSender(Subscriptions subscriptions, WebhookProperties properties, Clock clock) {
        this.subscriptions = subscriptions;
        this.clock = clock;
        TargetGuard guard = subscriptions.guard();
        DnsResolver checkedResolver = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) {
                return guard.resolve(host).toArray(InetAddress[]::new);
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
        WebhookProperties.Delivery delivery = properties.delivery();
        this.readTimeout = delivery.readTimeout();
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(checkedResolver)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(delivery.connectTimeout()))
                                .setSocketTimeout(Timeout.of(delivery.readTimeout()))
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(delivery.readTimeout()))
                        .setRedirectsEnabled(false)
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
    }

    /**
     * What one attempt saw.
     *
     * @param status the answer's status; {@code null} when none came
     * @param durationMs how long the attempt took
     * @param answer the first bytes of the answer's body, printable; {@code null} when none came
     * @param error why no answer came, or why it was not sent; {@code null} when one came
     * @param retryAfter the receiver's {@code Retry-After} on 429 or 503; {@code null} otherwise
     */
    record Outcome(Integer status, long durationMs, String answer, String error, Duration retryAfter) {

        boolean delivered() {
            return status != null && status >= 200 && status < 300;
        }
    }

    Outcome send(Subscription subscription, String webhookId, String body) {
        Instant start = clock.instant();
        long started = System.nanoTime();
        HttpPost post = new HttpPost(subscription.url());
        try {
            subscriptions.guard().checkUrl(subscription.url());
            long timestamp = start.getEpochSecond();
            post.setHeader("webhook-id", webhookId);
            post.setHeader("webhook-timestamp", Long.toString(timestamp));
            post.setHeader(
                    "webhook-signature",
                    String.join(
                            " ",
                            subscription.signingSecrets(start).stream()
                                    .map(secret -> WebhookSignature.sign(secret, webhookId, timestamp, body))
                                    .toList()));
            post.setHeader("User-Agent", "keywarden-webhooks");
            post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
            try (ClassicHttpResponse response = client.executeOpen(null, post, null)) {
                int status = response.getCode();
                String answer = firstBytes(response.getEntity());
                Duration retryAfter = status == 429 || status == 503
                        ? retryAfter(response.getFirstHeader("Retry-After"), clock)
                        : null;
                post.cancel(); // drop the connection rather than read the rest of the answer
                return new Outcome(status, elapsedMs(started), answer, null, retryAfter);
            }
        } catch (TargetGuard.TargetRefusedException ex) {
            return new Outcome(null, elapsedMs(started), null, ex.getMessage(), null);
        } catch (SocketTimeoutException ex) {
            // The receiver took the connection (or the request) and did not answer in time.
            return new Outcome(
                    null,
                    elapsedMs(started),
                    null,
                    "timeout: no answer within " + readTimeout.toMillis() + " ms",
                    null);
        } catch (IOException | RuntimeException ex) {
            Throwable cause = ex;
            while (cause.getCause() instanceof TargetGuard.TargetRefusedException refused) {
                cause = refused;
            }
            String error = cause instanceof TargetGuard.TargetRefusedException
                    ? cause.getMessage()
                    : ex.getClass().getSimpleName() + ": " + ex.getMessage();
            return new Outcome(null, elapsedMs(started), null, PrintableText.of(error, ANSWER_KEPT), null);
        }
    }

    private static String firstBytes(HttpEntity entity) throws IOException {
        if (entity == null) {
            return "";
        }
        try (InputStream in = entity.getContent()) {
            byte[] kept = in.readNBytes(ANSWER_BYTES);
            return PrintableText.of(new String(kept, StandardCharsets.UTF_8), ANSWER_KEPT);
        }
    }

    /**
     * A {@code Retry-After} in seconds or as an HTTP date (the wait until it by {@code clock});
     * {@code null} when absent or unreadable.
     */
    static Duration retryAfter(Header header, Clock clock) {
        if (header == null) {
            return null;
        }
        String value = header.getValue().trim();
        try {
            long seconds = Long.parseLong(value);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(
                        clock.instant(),
                        ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                                .toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }

    private static long elapsedMs(long started) {
        return Duration.ofNanos(System.nanoTime() - started).toMillis();
    }

    @Override
    public void destroy() throws IOException {
        client.close();
    }
}
