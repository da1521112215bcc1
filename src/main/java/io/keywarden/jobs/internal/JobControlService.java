package io.keywarden.jobs.internal;

import io.keywarden.jobs.Job;
import io.keywarden.jobs.JobControl;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/** {@link JobControl} over the runner and the run history the HTTP API uses. */
@Service
class JobControlService implements JobControl {

    private final JobRunner runner;
    private final JobRuns runs;
    private final ObjectProvider<JobScheduling> scheduling;

    JobControlService(JobRunner runner, JobRuns runs, ObjectProvider<JobScheduling> scheduling) {
        this.runner = runner;
        this.runs = runs;
        this.scheduling = scheduling;
    }

    @Override
    public List<JobState> jobs(int count) {
        return runner.jobs().stream()
                .map(job -> new JobState(
                        job.name(),
                        job.description(),
                        runner.intervalOf(job),
                        nextRun(job),
                        runs.recent(job.name(), count).stream()
                                .map(JobControlService::run)
                                .toList()))
                .toList();
    }

    /**
     * This instance's next scheduled try, where it schedules jobs; otherwise a period after the
     * last scheduled run recorded ended (or, while it runs, started), as the instance that ran it
     * schedules its next.
     */
    private Instant nextRun(Job job) {
        JobScheduling schedule = scheduling.getIfAvailable();
        if (schedule != null) {
            return schedule.nextRun(job);
        }
        return runs.lastScheduled(job.name())
                .map(last -> (last.endedAt() != null ? last.endedAt() : last.startedAt()).plus(runner.intervalOf(job)))
                .orElse(null);
    }

    @Override
    public Run runNow(String name) {
        Job job = runner.job(name).orElseThrow(() -> new NoSuchElementException("There is no job named " + name + "."));
        return run(runner.runNow(job));
    }

    private static Run run(JobRunReport report) {
        return new Run(
                report.id(),
                report.startedAt(),
                report.endedAt(),
                report.outcome().name(),
                report.trigger().name(),
                report.examined(),
                report.changed(),
                report.failed(),
                report.lastError());
    }
}
