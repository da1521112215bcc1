package io.keywarden.rotation;

import io.keywarden.accesskey.KeyAdministration;
import io.keywarden.accesskey.internal.AccessKey;
import io.keywarden.accesskey.internal.AccessKeyRepository;
import io.keywarden.jobs.Job;
import io.keywarden.jobs.JobResult;
import io.keywarden.web.ProblemException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import net.javacrumbs.shedlock.core.LockAssert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Component;

/**
 * Retires superseded keys once their grace period has passed: disabled upstream, then deleted,
 * then recorded {@code DELETED}, each step audited. A key whose step fails stays due and is tried
 * again on the next run; one failure never stops the others.
 */
@Component
class RetirementJob implements Job {

    static final String ACTOR = "keywarden";
    private static final Logger log = LoggerFactory.getLogger(RetirementJob.class);
    private static final int BATCH = 100;
    private static final int MAX_PER_RUN = 10_000;

    private final AccessKeyRepository keys;
    private final KeyAdministration administration;
    private final Clock clock;

    RetirementJob(AccessKeyRepository keys, KeyAdministration administration, Clock clock) {
        this.keys = keys;
        this.administration = administration;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "key-retirement";
    }

    @Override
    public Duration defaultInterval() {
        return Duration.ofMinutes(1);
    }

    @Override
    public JobResult run() {
        LockAssert.assertLocked();
        JobResult total = JobResult.none();
        long after = 0;
        while (total.examined() < MAX_PER_RUN) {
            List<AccessKey> due = keys.findDueForRetirement(clock.instant(), after, Limit.of(BATCH));
            if (due.isEmpty()) {
                break;
            }
            for (AccessKey key : due) {
                total = total.plus(retire(key));
            }
            after = due.get(due.size() - 1).getId();
        }
        return total;
    }

    private JobResult retire(AccessKey key) {
        try {
            administration.retire(ACTOR, key.getAccessKeyId());
            log.info("Retired key {} of user {}", key.getAccessKeyId(), key.getUserName());
            return new JobResult(1, 1, 0, null);
        } catch (ProblemException ex) {
            log.warn(
                    "Could not retire key {} yet: {}",
                    key.getAccessKeyId(),
                    ex.problem().getTitle());
            return new JobResult(
                    1, 0, 1, key.getAccessKeyId() + ": " + ex.problem().getDetail());
        }
    }
}
