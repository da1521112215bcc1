package io.keywarden.jobs.internal;

import io.keywarden.jobs.Job;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Scheduling of keywarden's jobs ({@code keywarden.jobs}). {@link JobLocks} checks the
 * combination against the jobs at start-up.
 *
 * @param intervals per job name, the pause between runs (overrides the job's default)
 * @param lockAtMostFor how long a crashed instance's lock keeps others from running a job; unset,
 *     each job's is the longer of {@link #DEFAULT_LOCK_AT_MOST_FOR} and half its interval
 */
@Validated
@ConfigurationProperties("keywarden.jobs")
public record JobProperties(@DefaultValue Map<String, Duration> intervals, Duration lockAtMostFor) {

    static final Duration DEFAULT_LOCK_AT_MOST_FOR = Duration.ofMinutes(15);

    Duration intervalOf(Job job) {
        return intervals.getOrDefault(job.name(), job.defaultInterval());
    }
}
