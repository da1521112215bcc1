package io.keywarden.audit.internal;

import io.keywarden.jobs.JobResult;
import io.keywarden.jobs.ScheduledJob;
import org.springframework.stereotype.Component;

/**
 * Signs a checkpoint of the audit chain's head every {@code keywarden.audit.checkpoint.interval}
 * (one minute unless set) when events were appended, so that at most that much of the log's tail
 * could be deleted unseen. It runs under the job runner's lock and history like every job; a sink
 * that fails makes the run fail, besides the sink's own metric and health.
 */
@Component
class AuditCheckpointJob extends ScheduledJob {

    private final AuditCheckpoints checkpoints;

    AuditCheckpointJob(AuditCheckpoints checkpoints, AuditProperties properties) {
        super(
                "audit-checkpoint",
                properties.checkpoint().interval(),
                "Signs a checkpoint of the audit chain's newest event, when events were added, and writes it"
                        + " outside the database.");
        this.checkpoints = checkpoints;
    }

    @Override
    public JobResult run() {
        return new JobResult(1, checkpoints.checkpoint().isPresent() ? 1 : 0, 0, null);
    }
}
