package io.keywarden.jobs.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Liveness of the job scheduler ({@code scheduler}): DOWN when a scheduled job is long overdue
 * (its task stopped firing: the scheduler's thread is gone) or one run has lasted longer than its
 * job's lock-at-most-for (it hangs, and other instances run it meanwhile). A
 * scheduler that died says nothing itself, so each scheduled run reports here when it starts and
 * ends. Without scheduling on this instance there is nothing to watch, and it stays UP.
 */
@Component
class SchedulerHealthIndicator implements HealthIndicator {

    /** Slack beyond two intervals before a missing run counts: runs wait for locks and for each other. */
    private static final Duration SLACK = Duration.ofMinutes(1);

    private final Clock clock;
    private final Map<String, Beat> beats = new ConcurrentHashMap<>();

    SchedulerHealthIndicator(Clock clock) {
        this.clock = clock;
    }

    /**
     * The job is scheduled every {@code interval}, the first time at {@code firstRun}; a run longer
     * than {@code longestRun} hangs.
     */
    void scheduled(String job, Duration interval, Duration longestRun, Instant firstRun) {
        beats.put(job, new Beat(interval, longestRun, firstRun, null));
    }

    void started(String job) {
        beats.computeIfPresent(
                job, (name, beat) -> new Beat(beat.interval(), beat.longestRun(), beat.due(), clock.instant()));
    }

    void ended(String job) {
        beats.computeIfPresent(
                job,
                (name, beat) -> new Beat(
                        beat.interval(), beat.longestRun(), clock.instant().plus(beat.interval()), null));
    }

    @Override
    public Health health() {
        if (beats.isEmpty()) {
            return Health.up().withDetail("scheduling", "off on this instance").build();
        }
        Instant now = clock.instant();
        for (Map.Entry<String, Beat> entry : beats.entrySet()) {
            Beat beat = entry.getValue();
            if (beat.runningSince() != null && now.isAfter(beat.runningSince().plus(beat.longestRun()))) {
                return Health.down()
                        .withDetail(entry.getKey(), "running since " + beat.runningSince())
                        .build();
            }
            if (beat.runningSince() == null
                    && now.isAfter(beat.due().plus(beat.interval()).plus(SLACK))) {
                return Health.down()
                        .withDetail(entry.getKey(), "due at " + beat.due() + " and not run")
                        .build();
            }
        }
        return Health.up().build();
    }

    /** When the job's next run is due, and since when it runs (null between runs). */
    private record Beat(Duration interval, Duration longestRun, Instant due, Instant runningSince) {}
}
