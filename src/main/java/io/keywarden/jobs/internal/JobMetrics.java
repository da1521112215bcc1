package io.keywarden.jobs.internal;

import io.keywarden.jobs.Job;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Times each job run on this instance ({@code keywarden.jobs.runs}, tagged with the job and how
 * the run ended: {@code succeeded}, {@code partial}, {@code failed}, or {@code skipped} when a
 * lock was held: the period already claimed, or another run in progress; {@code error} when the
 * run could not even be recorded).
 */
@Component
class JobMetrics {

    static final String SKIPPED = "skipped";
    static final String ERROR = "error";

    private final MeterRegistry registry;

    JobMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void ran(Job job, String outcome, long nanos) {
        Timer.builder("keywarden.jobs.runs")
                .description("Job runs by job and outcome")
                .tag("job", job.name())
                .tag("outcome", outcome.toLowerCase(Locale.ROOT))
                .register(registry)
                .record(Duration.ofNanos(nanos));
    }
}
