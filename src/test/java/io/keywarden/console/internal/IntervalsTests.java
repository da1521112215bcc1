package io.keywarden.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How often a job runs and how soon it runs next, in the words an operator reads. */
class IntervalsTests {

    @Test
    void anIntervalIsSaidInTheLargestWholeUnit() {
        assertThat(Intervals.every(Duration.ofMinutes(1))).isEqualTo("every minute");
        assertThat(Intervals.every(Duration.ofMinutes(5))).isEqualTo("every 5 minutes");
        assertThat(Intervals.every(Duration.ofMinutes(60))).isEqualTo("every hour");
        assertThat(Intervals.every(Duration.ofHours(6))).isEqualTo("every 6 hours");
        assertThat(Intervals.every(Duration.ofHours(24))).isEqualTo("every day");
        assertThat(Intervals.every(Duration.ofDays(7))).isEqualTo("every 7 days");
        assertThat(Intervals.every(Duration.ofSeconds(1))).isEqualTo("every second");
        assertThat(Intervals.every(Duration.ofSeconds(10))).isEqualTo("every 10 seconds");
    }

    @Test
    void anIntervalNotWholeInALargerUnitIsSaidInTheSmallerOne() {
        assertThat(Intervals.every(Duration.ofSeconds(90))).isEqualTo("every 90 seconds");
        assertThat(Intervals.every(Duration.ofMinutes(90))).isEqualTo("every 90 minutes");
        assertThat(Intervals.every(Duration.ofMillis(1500))).isEqualTo("every 1500 milliseconds");
    }

    @Test
    void theTimeToTheNextRunIsSaidRoughly() {
        assertThat(Intervals.in(Duration.ofSeconds(1))).isEqualTo("in 1 second");
        assertThat(Intervals.in(Duration.ofSeconds(40))).isEqualTo("in 40 seconds");
        assertThat(Intervals.in(Duration.ofSeconds(61))).isEqualTo("in about 1 minute");
        assertThat(Intervals.in(Duration.ofMinutes(14).plusSeconds(40))).isEqualTo("in about 15 minutes");
        assertThat(Intervals.in(Duration.ofMinutes(59).plusSeconds(50))).isEqualTo("in about 60 minutes");
        assertThat(Intervals.in(Duration.ofHours(2).plusMinutes(20))).isEqualTo("in about 2 hours");
        assertThat(Intervals.in(Duration.ofDays(3))).isEqualTo("in about 3 days");
    }
}
