package io.keywarden.jobs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.keywarden.jobs.Job;
import io.keywarden.jobs.JobResult;
import io.keywarden.jobs.ScheduledJob;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.javacrumbs.shedlock.core.LockConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The lock derivation as a table: from a job's interval and the configured lock-at-most-for to
 * the claim a scheduled run takes on its period and the in-progress lock every run holds, and
 * the combinations refused at start-up. No database, no scheduler: {@link JobLocks} is arithmetic.
 */
class JobLocksTests {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @ParameterizedTest(name = "interval {0}, lock-at-most-for {1}: at least {2}, at most {3}")
    @CsvSource(nullValues = "unset", textBlock = """
            # interval, lock-at-most-for, claim held at least, either lock held at most
            PT1S,  unset, PT0.5S, PT15M
            PT1M,  unset, PT30S,  PT15M
            PT10M, unset, PT5M,   PT15M
            PT30M, unset, PT15M,  PT15M
            PT1H,  unset, PT30M,  PT30M
            PT2H,  unset, PT1H,   PT1H
            PT1M,  PT30S, PT30S,  PT30S
            PT1M,  PT40M, PT30S,  PT40M
            PT1H,  PT30M, PT30M,  PT30M
            PT1H,  PT40M, PT30M,  PT40M
            PT3S,  PT2S,  PT1.5S, PT2S
            """)
    void theClaimHoldsHalfAnIntervalAndEitherLockAtMostTheLongerOfTheSettingAndThat(
            Duration interval, Duration lockAtMostFor, Duration atLeast, Duration atMost) {
        Job job = job("key-retirement", Duration.ofMinutes(7));
        JobLocks locks = new JobLocks(List.of(job), properties(Map.of(job.name(), interval), lockAtMostFor));

        LockConfiguration claim = locks.claimFor(job, NOW);
        LockConfiguration inProgress = locks.inProgressFor(job, NOW);

        assertThat(locks.intervalOf(job)).isEqualTo(interval);
        assertThat(locks.lockAtMostFor(job)).isEqualTo(atMost);
        assertThat(claim.getName()).isEqualTo("key-retirement");
        assertThat(claim.getLockAtLeastFor()).isEqualTo(atLeast);
        assertThat(claim.getLockAtMostFor()).isEqualTo(atMost);
        assertThat(claim.getLockAtMostUntil()).isEqualTo(NOW.plus(atMost));
        assertThat(inProgress.getName()).isEqualTo("key-retirement:in-progress");
        assertThat(inProgress.getLockAtLeastFor()).isZero();
        assertThat(inProgress.getLockAtMostFor()).isEqualTo(atMost);
    }

    @ParameterizedTest(name = "default interval {0}: at least {1}, at most {2}")
    @CsvSource(textBlock = """
            PT10S, PT5S,  PT15M
            PT1M,  PT30S, PT15M
            PT15M, PT7M30S, PT15M
            PT1H,  PT30M, PT30M
            """)
    void aJobWithoutAConfiguredIntervalRunsAtItsOwnDefault(
            Duration defaultInterval, Duration atLeast, Duration atMost) {
        Job job = job("audit-verification", defaultInterval);
        JobLocks locks = new JobLocks(List.of(job), properties(Map.of(), null));

        assertThat(locks.intervalOf(job)).isEqualTo(defaultInterval);
        assertThat(locks.claimFor(job, NOW).getLockAtLeastFor()).isEqualTo(atLeast);
        assertThat(locks.lockAtMostFor(job)).isEqualTo(atMost);
    }

    @ParameterizedTest(name = "interval {0}, lock-at-most-for {1}: refused, naming {2}")
    @CsvSource(nullValues = "unset", delimiter = '|', textBlock = """
            PT0S  | unset | keywarden.jobs.intervals.key-retirement must be a positive duration, not PT0S
            -PT1M | unset | keywarden.jobs.intervals.key-retirement must be a positive duration, not PT-1M
            PT1M  | PT0S  | keywarden.jobs.lock-at-most-for must be a positive duration, not PT0S
            PT1M  | -PT1S | keywarden.jobs.lock-at-most-for must be a positive duration, not PT-1S
            PT1M  | PT29S | keywarden.jobs.lock-at-most-for (PT29S) is shorter than half of keywarden.jobs.intervals.key-retirement (PT1M)
            PT2H  | PT40M | set it to at least PT1H or shorten the interval
            """)
    void aCombinationShedLockWouldRefuseStopsTheStartNamingTheProperty(
            Duration interval, Duration lockAtMostFor, String message) {
        Job job = job("key-retirement", Duration.ofMinutes(1));

        assertThatIllegalStateException()
                .isThrownBy(() -> new JobLocks(List.of(job), properties(Map.of(job.name(), interval), lockAtMostFor)))
                .withMessageContaining(message);
    }

    @Test
    void anIntervalForNoJobIsRefusedNamingTheJobsThereAre() {
        List<Job> jobs =
                List.of(job("key-retirement", Duration.ofMinutes(1)), job("issuance-purge", Duration.ofMinutes(10)));

        assertThatIllegalStateException()
                .isThrownBy(() -> new JobLocks(jobs, properties(Map.of("key-retirment", Duration.ofMinutes(1)), null)))
                .withMessage("keywarden.jobs.intervals.key-retirment names no job; the jobs are [issuance-purge,"
                        + " key-retirement]");
    }

    @ParameterizedTest(name = "a name of {0} characters fits: {1}")
    @CsvSource({"52, true", "53, false"})
    void aJobsNameMustLeaveRoomForItsInProgressLockInTheLockTable(int length, boolean fits) {
        Job job = job("j".repeat(length), Duration.ofMinutes(1));

        if (fits) {
            assertThat(new JobLocks(List.of(job), properties(Map.of(), null))
                            .inProgressFor(job, NOW)
                            .getName())
                    .hasSize(64);
        } else {
            assertThatIllegalStateException()
                    .isThrownBy(() -> new JobLocks(List.of(job), properties(Map.of(), null)))
                    .withMessage("Job name " + job.name() + " is too long for its locks");
        }
    }

    private static JobProperties properties(Map<String, Duration> intervals, Duration lockAtMostFor) {
        return new JobProperties(intervals, lockAtMostFor);
    }

    private static Job job(String name, Duration defaultInterval) {
        return new NamedJob(name, defaultInterval);
    }

    private static final class NamedJob extends ScheduledJob {

        NamedJob(String name, Duration defaultInterval) {
            super(name, defaultInterval, "Does nothing; a job whose locks are checked.");
        }

        @Override
        public JobResult run() {
            return JobResult.none();
        }
    }
}
