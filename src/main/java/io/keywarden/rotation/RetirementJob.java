package io.keywarden.rotation;

import io.keywarden.accesskey.AccessKeyDeletedException;
import io.keywarden.accesskey.AccessKeyNotFoundException;
import io.keywarden.accesskey.AccessKeyQueries;
import io.keywarden.accesskey.KeyLifecycle;
import io.keywarden.accesskey.RetirementDue;
import io.keywarden.jobs.JobBatches;
import io.keywarden.jobs.JobResult;
import io.keywarden.jobs.ScheduledJob;
import io.keywarden.upstream.UpstreamFailure;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Retires superseded keys once their grace period has passed: disabled upstream, then deleted,
 * then recorded {@code DELETED}, each step audited. A key whose step fails stays due and is tried
 * again on the next run; one failure never stops the others.
 */
@Component
class RetirementJob extends ScheduledJob {

    private static final Logger log = LoggerFactory.getLogger(RetirementJob.class);
    private static final int BATCH = 100;
    private static final int MAX_PER_RUN = 10_000;

    private final AccessKeyQueries keys;
    private final KeyLifecycle lifecycle;
    private final Clock clock;

    RetirementJob(AccessKeyQueries keys, KeyLifecycle lifecycle, Clock clock) {
        super(
                "key-retirement",
                Duration.ofMinutes(1),
                "Retires the keys a rotation superseded once their grace period is over: disables each upstream,"
                        + " then deletes it.");
        this.keys = keys;
        this.lifecycle = lifecycle;
        this.clock = clock;
    }

    @Override
    public JobResult run() {
        return JobBatches.walk(
                0L,
                BATCH,
                MAX_PER_RUN,
                (after, size) -> keys.dueForRetirement(clock.instant(), after, size),
                RetirementDue::position,
                this::retire);
    }

    private JobResult retire(RetirementDue key) {
        try {
            lifecycle.retire(ACTOR, key.accessKeyId());
            log.info("Retired key {} of user {}", key.accessKeyId(), key.userName());
            return JobResult.itemChanged();
        } catch (UpstreamFailure | AccessKeyNotFoundException | AccessKeyDeletedException ex) {
            log.warn("Could not retire key {} yet: {}", key.accessKeyId(), ex.getMessage());
            return JobResult.itemFailed(key.accessKeyId() + ": " + ex.getMessage());
        }
    }
}
