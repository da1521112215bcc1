package io.keywarden.jobs.internal;

import io.keywarden.jobs.Job;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Scheduling of keywarden's jobs ({@code keywarden.jobs}).
 *
 * @param intervals per job name, the pause between runs (overrides the job's default)
 * @param lockAtMostFor how long a crashed instance's lock keeps others from running a job
 */
@Validated
@ConfigurationProperties("keywarden.jobs")
public record JobProperties(
        @DefaultValue Map<String, Duration> intervals,
        @NotNull @DefaultValue("PT15M") Duration lockAtMostFor) {

    Duration intervalOf(Job job) {
        return intervals.getOrDefault(job.name(), job.defaultInterval());
    }
}
