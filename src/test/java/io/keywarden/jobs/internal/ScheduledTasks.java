package io.keywarden.jobs.internal;

import io.keywarden.jobs.Job;
import java.time.Clock;
import java.util.List;
import org.springframework.scheduling.config.FixedDelayTask;

/**
 * A job's task exactly as the scheduler is given it (its configured interval, each run through the
 * runner under the job's lock with trigger {@code SCHEDULED}), for tests of other modules that
 * schedule one job themselves while the application's own schedule is off.
 */
public final class ScheduledTasks {

    private ScheduledTasks() {}

    public static FixedDelayTask of(JobRunner runner, String jobName) {
        List<String> names = runner.jobs().stream().map(Job::name).toList();
        List<FixedDelayTask> tasks = new JobScheduling(runner, new SchedulerHealthIndicator(Clock.systemUTC())).tasks();
        return tasks.get(names.indexOf(jobName));
    }
}
