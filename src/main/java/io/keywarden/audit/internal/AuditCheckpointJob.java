package io.keywarden.audit.internal;

import io.keywarden.jobs.JobResult;
import io.keywarden.jobs.ScheduledJob;
import org.springframework.stereotype.Component;

/**
 * Signs a checkpoint of the audit chain's head every {@code keywarden.audit.checkpoint.interval}
 * (one minute unless set) when events were appended, so that at most that much of the log's tail
 * could be deleted unseen. It runs under the job runner's lock and history like every job; a sink
 * that fails makes the run fail, besides the sink's own metric and health. A database behind its
 * signed checkpoint makes the run {@code PARTIAL} with the finding as its error: nothing is signed.
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
        try {
            return new JobResult(1, checkpoints.checkpoint().isPresent() ? 1 : 0, 0, null);
        } catch (AuditCheckpoints.DatabaseBehindRefusedException ex) {
            // The finding itself, for GET /admin/v1/jobs: it names no secret, and it is what the operator must read.
            return new JobResult(1, 0, 1, ex.getMessage());
        }
    }
}
