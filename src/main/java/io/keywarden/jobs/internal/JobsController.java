package io.keywarden.jobs.internal;

import io.keywarden.jobs.Job;
import io.keywarden.web.ApiTags;
import io.keywarden.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** What keywarden's jobs did and will do, and an operator's "run it now" (under the same lock). */
@RestController
@Tag(name = ApiTags.JOBS)
class JobsController {

    private final JobRunner runner;
    private final JobRuns runs;
    private final ObjectProvider<JobScheduling> scheduling;

    JobsController(JobRunner runner, JobRuns runs, ObjectProvider<JobScheduling> scheduling) {
        this.runner = runner;
        this.runs = runs;
        this.scheduling = scheduling;
    }

    @Operation(summary = "Each job: its last run (start, end, outcome, counts, last error) and its next run (ADMIN)")
    @GetMapping("/admin/v1/jobs")
    List<JobStatus> jobs() {
        return runner.jobs().stream().map(this::status).toList();
    }

    @Operation(summary = "Run a job now, under its lock; 409 while another instance runs it (ADMIN)")
    @ApiResponse(
            responseCode = "201",
            description = "The run, as recorded",
            content = @Content(examples = @ExampleObject(value = """
            {"id": 311, "job": "key-retirement", "trigger": "MANUAL", "startedAt": "2026-11-28T06:45:08Z",
             "endedAt": "2026-11-28T06:45:09Z", "outcome": "SUCCEEDED", "examined": 3, "changed": 3,
             "failed": 0, "lastError": null, "instance": "keywarden-1/3f9a2c1d"}""")))
    @PostMapping("/admin/v1/jobs/{name}/runs")
    ResponseEntity<JobRunReport> runNow(@PathVariable String name) {
        Job job =
                runner.job(name).orElseThrow(() -> answered(Problems.notFound("There is no job named " + name + ".")));
        return runner.run(job, JobTrigger.MANUAL)
                .map(report -> ResponseEntity.status(HttpStatus.CREATED).body(report))
                .orElseThrow(() -> answered(Problems.conflict(
                        "job-running", "Job running", "Job " + name + " is running elsewhere; try again later.")));
    }

    private static ErrorResponseException answered(ProblemDetail problem) {
        return new ErrorResponseException(HttpStatusCode.valueOf(problem.getStatus()), problem, null);
    }

    private JobStatus status(Job job) {
        Duration interval = runner.intervalOf(job);
        Optional<JobRunReport> last = runs.last(job.name());
        JobScheduling schedule = scheduling.getIfAvailable();
        Instant next = null;
        if (schedule != null) {
            next = last.map(JobRunReport::endedAt)
                    .map(ended -> ended.plus(interval))
                    .orElse(schedule.firstRun());
        }
        return new JobStatus(job.name(), interval, last.orElse(null), next);
    }

    /**
     * A job as an operator sees it.
     *
     * @param name the job
     * @param interval the pause between runs
     * @param lastRun its last run on any instance, or {@code null}
     * @param nextRun when this instance's schedule next tries it ({@code null} when not scheduled)
     */
    record JobStatus(String name, Duration interval, JobRunReport lastRun, Instant nextRun) {}
}
