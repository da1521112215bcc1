package io.keywarden.jobs.internal;

import io.keywarden.jobs.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.javacrumbs.shedlock.core.LockConfiguration;
import org.springframework.stereotype.Component;

/**
 * Each job's interval and its two locks, derived and checked once when the application starts.
 * The claim (named as the job) is a scheduled run's: held for at least half an interval, so
 * instances whose schedules are a little apart do not each run the job in the same period. The
 * in-progress lock ({@code <job>:in-progress}) is every run's, scheduled or by hand, held only
 * while it runs: a run by hand needs only that one, so the claim of a period never refuses it,
 * and it never moves the claim. Either lock outlives a crashed instance by lock-at-most-for at
 * most. ShedLock refuses a lock held at least longer than at most, and it refuses it on every
 * run, long after start-up, where nobody sees it; so a combination it would refuse stops the
 * start here, naming the property to change.
 */
@Component
class JobLocks {

    static final String INTERVALS = "keywarden.jobs.intervals";
    static final String LOCK_AT_MOST_FOR = "keywarden.jobs.lock-at-most-for";

    /** Appended to a job's name, the name of its in-progress lock. */
    static final String IN_PROGRESS = ":in-progress";

    /** The length of {@code shedlock.name}. */
    private static final int LOCK_NAME_LENGTH = 64;

    private final Map<String, Settings> settings = new TreeMap<>();

    JobLocks(List<Job> jobs, JobProperties properties) {
        for (String name : properties.intervals().keySet()) {
            if (jobs.stream().noneMatch(job -> job.name().equals(name))) {
                throw new IllegalStateException(INTERVALS + "." + name + " names no job; the jobs are "
                        + jobs.stream().map(Job::name).sorted().toList());
            }
        }
        for (Job job : jobs) {
            if (inProgressLockOf(job.name()).length() > LOCK_NAME_LENGTH) {
                throw new IllegalStateException("Job name " + job.name() + " is too long for its locks");
            }
            settings.put(job.name(), settingsOf(job, properties));
        }
    }

    Duration intervalOf(Job job) {
        return settings.get(job.name()).interval();
    }

    Duration lockAtMostFor(Job job) {
        return settings.get(job.name()).atMost();
    }

    /** The claim a scheduled run takes on its period: kept half an interval even when the run is quicker. */
    LockConfiguration claimFor(Job job, Instant now) {
        Settings of = settings.get(job.name());
        return new LockConfiguration(now, job.name(), of.atMost(), of.atLeast());
    }

    /** The lock every run holds while it runs, and only then. */
    LockConfiguration inProgressFor(Job job, Instant now) {
        return new LockConfiguration(
                now, inProgressLockOf(job.name()), settings.get(job.name()).atMost(), Duration.ZERO);
    }

    static String inProgressLockOf(String job) {
        return job + IN_PROGRESS;
    }

    private static Settings settingsOf(Job job, JobProperties properties) {
        Duration interval = properties.intervalOf(job);
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalStateException(
                    INTERVALS + "." + job.name() + " must be a positive duration, not " + interval);
        }
        Duration atLeast = interval.dividedBy(2);
        Duration configured = properties.lockAtMostFor();
        if (configured == null) {
            Duration atMost = atLeast.compareTo(JobProperties.DEFAULT_LOCK_AT_MOST_FOR) > 0
                    ? atLeast
                    : JobProperties.DEFAULT_LOCK_AT_MOST_FOR;
            return new Settings(interval, atLeast, atMost);
        }
        if (configured.isNegative() || configured.isZero()) {
            throw new IllegalStateException(LOCK_AT_MOST_FOR + " must be a positive duration, not " + configured);
        }
        if (configured.compareTo(atLeast) < 0) {
            throw new IllegalStateException(LOCK_AT_MOST_FOR + " (" + configured + ") is shorter than half of "
                    + INTERVALS + "." + job.name() + " (" + interval + "), for which a scheduled run holds its"
                    + " lock; set it to at least " + atLeast + " or shorten the interval");
        }
        return new Settings(interval, atLeast, configured);
    }

    private record Settings(Duration interval, Duration atLeast, Duration atMost) {}
}
