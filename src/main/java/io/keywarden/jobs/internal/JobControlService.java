package io.keywarden.jobs.internal;

import io.keywarden.jobs.Job;
import io.keywarden.jobs.JobControl;
import java.util.List;
import java.util.NoSuchElementException;
import org.springframework.stereotype.Service;

/** {@link JobControl} over the runner and the run history the HTTP API uses. */
@Service
class JobControlService implements JobControl {

    private final JobRunner runner;
    private final JobRuns runs;

    JobControlService(JobRunner runner, JobRuns runs) {
        this.runner = runner;
        this.runs = runs;
    }

    @Override
    public List<JobState> jobs(int count) {
        return runner.jobs().stream()
                .map(job -> new JobState(
                        job.name(),
                        runner.intervalOf(job),
                        runs.recent(job.name(), count).stream()
                                .map(JobControlService::run)
                                .toList()))
                .toList();
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
