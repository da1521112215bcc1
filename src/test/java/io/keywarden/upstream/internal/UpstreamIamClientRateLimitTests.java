package io.keywarden.upstream.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.upstream.UpstreamIamClient;
import io.keywarden.upstream.UpstreamOutcome;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UpstreamIamClientRateLimitTests {

    private UpstreamStub upstream;

    @BeforeEach
    void start() {
        upstream = new UpstreamStub();
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void callsAreSpacedByTheClientRateLimit() {
        upstream.answerJson("DeleteAccessKey", "{\"RetCode\": 0}");
        UpstreamIamClient slow = UpstreamStub.client(upstream.baseUrl(), Duration.ofSeconds(2), 10);
        slow.deleteAccessKey("AK0");

        long started = System.nanoTime();
        for (int i = 1; i <= 5; i++) {
            assertThat(slow.deleteAccessKey("AK" + i)).isInstanceOf(UpstreamOutcome.Success.class);
        }

        // One permit per 100 ms cycle: five calls span at least three whole cycles, however the
        // first of them falls within its own.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(300));
        assertThat(upstream.requestCount()).isEqualTo(6);
    }

    @Test
    void aCallThatGetsNoRateLimitPermitIsUnavailableWithNothingSent() {
        upstream.answerJson("DeleteAccessKey", "{\"RetCode\": 0}");
        // One permit every 10 s, waited for at most the 500 ms connect timeout.
        UpstreamIamClient starved = UpstreamStub.client(upstream.baseUrl(), Duration.ofSeconds(2), 0.1);
        starved.deleteAccessKey("AK0");

        assertThat(starved.deleteAccessKey("AK1"))
                .isInstanceOfSatisfying(
                        UpstreamOutcome.Unavailable.class,
                        u -> assertThat(u.reason()).startsWith("not sent"));
        assertThat(upstream.requestCount()).isEqualTo(1);
    }
}
