package io.keywarden.audit.internal;

import io.keywarden.jobs.JobResult;
import io.keywarden.jobs.ScheduledJob;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Walks the whole audit chain on a schedule, so a broken chain is found by an alert and not by
 * the next auditor who asks. A broken chain makes the run {@code PARTIAL} with the first broken
 * event (or the events deleted after a checkpoint, or the checkpoint of the database that
 * contradicts the sink) in its error, and sets the gauge {@code keywarden.audit.chain.intact} to 0 (1 when
 * intact; no sample on an instance that has not run it yet). A database behind its signed
 * checkpoint makes the run {@code PARTIAL} too, but leaves the gauge at 1: the chain is whole, and
 * the loss has its own gauge ({@code keywarden.audit.database.behind}).
 */
@Component
class AuditVerificationJob extends ScheduledJob {

    private static final Logger log = LoggerFactory.getLogger(AuditVerificationJob.class);

    private final AuditVerifications verifications;
    private volatile double intact = Double.NaN;

    AuditVerificationJob(AuditVerifications verifications, MeterRegistry registry) {
        super(
                "audit-verification",
                Duration.ofHours(1),
                "Walks the whole audit chain and checks every hash and the latest signed checkpoint, so a"
                        + " broken or shortened log raises an alert.");
        this.verifications = verifications;
        Gauge.builder("keywarden.audit.chain.intact", this, job -> job.intact)
                .description("1 when the last verification on this instance found the chain intact, 0 when broken")
                .register(registry);
    }

    @Override
    public JobResult run() {
        AuditVerification verification = verifications.walkInTurn();
        // The database behind its signed checkpoint is not a broken chain: keywarden.audit.database.behind says so.
        intact = verification.intact() || verification.onlyBehind() ? 1 : 0;
        int checked = (int) Math.min(verification.eventsChecked(), Integer.MAX_VALUE);
        if (verification.intact() && verification.anchorProblem() != null) {
            log.error("Audit chain intact but not compared with a checkpoint: {}", verification.anchorProblem());
            return new JobResult(checked, 0, 1, "not compared with a checkpoint: " + verification.anchorProblem());
        }
        if (verification.intact()) {
            return new JobResult(checked, 0, 0, null);
        }
        if (verification.onlyBehind()) {
            log.error("Audit: {}", verification.reason());
            return new JobResult(checked, 0, 1, verification.reason());
        }
        if (verification.firstBrokenEventId() == null) {
            log.error("Audit chain not intact: {}", verification.reason());
            return new JobResult(checked, 0, 1, "not intact: " + verification.reason());
        }
        log.error("Audit chain broken at event {}: {}", verification.firstBrokenEventId(), verification.reason());
        return new JobResult(
                checked,
                0,
                1,
                "chain broken at event " + verification.firstBrokenEventId() + ": " + verification.reason());
    }
}
