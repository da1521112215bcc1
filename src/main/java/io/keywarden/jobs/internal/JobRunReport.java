package io.keywarden.jobs.internal;

import java.time.Instant;

/** One run of a job as recorded: when, how it ended and what it did. */
public record JobRunReport(
        long id,
        String job,
        JobTrigger trigger,
        Instant startedAt,
        Instant endedAt,
        JobOutcome outcome,
        int examined,
        int changed,
        int failed,
        String lastError,
        String instance) {}
