package io.keywarden.jobs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

/**
 * The scheduler's liveness: UP while scheduled runs keep coming, DOWN when a job's runs stop
 * (the scheduler died) or one run hangs past the lock's longest hold.
 */
class SchedulerHealthIndicatorTests {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final SchedulerHealthIndicator health = new SchedulerHealthIndicator(clock);

    @Test
    void withoutScheduledJobsItStaysUp() {
        clock.advance(Duration.ofDays(1));

        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void runsThatKeepComingAreUp() {
        health.scheduled(
                "key-retirement",
                MINUTE,
                Duration.ofMinutes(15),
                clock.instant().plusSeconds(30));
        for (int i = 0; i < 10; i++) {
            clock.advance(MINUTE);
            health.started("key-retirement");
            clock.advance(Duration.ofSeconds(5));
            health.ended("key-retirement");
        }

        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void aJobWhoseRunsStoppedIsDown() {
        health.scheduled(
                "key-retirement",
                MINUTE,
                Duration.ofMinutes(15),
                clock.instant().plusSeconds(30));
        health.started("key-retirement");
        health.ended("key-retirement");

        clock.advance(Duration.ofMinutes(2));
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        clock.advance(Duration.ofMinutes(2));
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.health().getDetails()).containsKey("key-retirement");
    }

    @Test
    void aRunThatHangsPastTheLongestLockIsDown() {
        health.scheduled("upstream-reconciliation", Duration.ofMinutes(15), Duration.ofMinutes(15), clock.instant());
        health.started("upstream-reconciliation");

        clock.advance(Duration.ofMinutes(14));
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        clock.advance(Duration.ofMinutes(2));
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
    }

    private static final class SettableClock extends Clock {
        private Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
