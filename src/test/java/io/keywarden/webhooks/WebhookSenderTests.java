package io.keywarden.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.hc.core5.http.message.BasicHeader;
import org.junit.jupiter.api.Test;

/** How a receiver's {@code Retry-After} is read, and the backoff between attempts. */
class WebhookSenderTests {

    @Test
    void retryAfterIsReadInSecondsOrAsAnHttpDate() {
        Clock clock = Clock.fixed(Instant.parse("2026-12-08T04:00:00Z"), ZoneOffset.UTC);
        assertThat(WebhookSender.retryAfter(new BasicHeader("Retry-After", "120"), clock))
                .isEqualTo(Duration.ofMinutes(2));
        assertThat(WebhookSender.retryAfter(new BasicHeader("Retry-After", "Tue, 08 Dec 2026 05:00:00 GMT"), clock))
                .isEqualTo(Duration.ofHours(1));
        assertThat(WebhookSender.retryAfter(new BasicHeader("Retry-After", "Tue, 08 Dec 2026 03:00:00 GMT"), clock))
                .isEqualTo(Duration.ZERO);
        assertThat(WebhookSender.retryAfter(new BasicHeader("Retry-After", "soon"), clock))
                .isNull();
        assertThat(WebhookSender.retryAfter(new BasicHeader("Retry-After", "-5"), clock))
                .isNull();
        assertThat(WebhookSender.retryAfter(null, clock)).isNull();
    }

    @Test
    void theBackoffDoublesUpToItsMaximum() {
        WebhookProperties.Delivery delivery = new WebhookProperties.Delivery(
                Duration.ofHours(24),
                Duration.ofSeconds(10),
                Duration.ofMinutes(1),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                Duration.ofMinutes(2),
                10,
                Duration.ofDays(7),
                Duration.ofDays(30));

        assertThat(delivery.backoffAfter(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(delivery.backoffAfter(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(delivery.backoffAfter(3)).isEqualTo(Duration.ofSeconds(40));
        assertThat(delivery.backoffAfter(4)).isEqualTo(Duration.ofMinutes(1));
        assertThat(delivery.backoffAfter(400)).isEqualTo(Duration.ofMinutes(1));
    }
}
