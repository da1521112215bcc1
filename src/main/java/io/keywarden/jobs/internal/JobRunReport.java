package io.keywarden.jobs.internal;

import java.time.Instant;

/** One run of a job as recorded: when, how it ended and what it did. */
public record JobRunReport(
        long id,
        String job,
        String trigger,
        Instant startedAt,
        Instant endedAt,
        String outcome,
        int examined,
        int changed,
        int failed,
        String lastError,
        String instance) {}
