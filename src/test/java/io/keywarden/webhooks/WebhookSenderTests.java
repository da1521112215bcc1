package io.keywarden.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.apache.hc.core5.http.message.BasicHeader;
import org.junit.jupiter.api.Test;

/** How a receiver's {@code Retry-After} is read, and the backoff between attempts. */
class WebhookSenderTests {

    @Test
    void retryAfterIsReadInSecondsOrAsAnHttpDate() {
        assertThat(WebhookSender.retryAfter(new BasicHeader("Retry-After", "120")))
                .isEqualTo(Duration.ofMinutes(2));
        String inAnHour = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(ZoneOffset.UTC).plusHours(1));
        assertThat(WebhookSender.retryAfter(new BasicHeader("Retry-After", inAnHour)))
                .isBetween(Duration.ofMinutes(58), Duration.ofMinutes(60));
        assertThat(WebhookSender.retryAfter(new BasicHeader("Retry-After", "soon")))
                .isNull();
        assertThat(WebhookSender.retryAfter(new BasicHeader("Retry-After", "-5")))
                .isNull();
        assertThat(WebhookSender.retryAfter(null)).isNull();
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
                10);

        assertThat(delivery.backoffAfter(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(delivery.backoffAfter(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(delivery.backoffAfter(3)).isEqualTo(Duration.ofSeconds(40));
        assertThat(delivery.backoffAfter(4)).isEqualTo(Duration.ofMinutes(1));
        assertThat(delivery.backoffAfter(400)).isEqualTo(Duration.ofMinutes(1));
    }
}
