package io.keywarden.issuance.internal;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Liveness of the group-commit writer ({@code groupCommit}): DOWN once an Error has ended it. The
 * process still answers, but it is no longer the process that was started, so the probe asks for
 * a restart rather than leaving it half alive.
 */
@Component
class GroupCommitHealthIndicator implements HealthIndicator {

    private final GroupCommit groupCommit;

    GroupCommitHealthIndicator(GroupCommit groupCommit) {
        this.groupCommit = groupCommit;
    }

    @Override
    public Health health() {
        Throwable death = groupCommit.writerDeath();
        if (death == null) {
            return Health.up().build();
        }
        return Health.down()
                .withDetail("writer", "died: " + death.getClass().getName())
                .build();
    }
}
