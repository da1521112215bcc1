package io.keywarden.jobs.internal;

import io.keywarden.jobs.Job;
import io.keywarden.jobs.JobInProgressException;
import io.keywarden.platform.web.ApiTags;
import io.keywarden.platform.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What keywarden's jobs did and will do, and an operator's "run it now": refused only while a run
 * of the job is in progress on some instance, never by the claim a scheduled run keeps on its period.
 */
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

    @Operation(
            summary = "Run a job now; 409 only while a run of it is in progress on some instance (ADMIN)",
            description = "Runs the job at once, also right after a scheduled run: the claim a scheduled run keeps"
                    + " on its period stops other instances' schedules, not this. While a run of the job (scheduled"
                    + " or by hand, on this or another instance) is in progress, answers 409 naming that instance"
                    + " (`runningOn`) and its start (`runningSince`), with `Retry-After`.")
    @ApiResponse(
            responseCode = "201",
            description = "The run, as recorded",
            content = @Content(examples = @ExampleObject(value = """
            {"id": 311, "job": "key-retirement", "trigger": "MANUAL", "startedAt": "2026-11-28T06:45:08Z",
             "endedAt": "2026-11-28T06:45:09Z", "outcome": "SUCCEEDED", "examined": 3, "changed": 3,
             "failed": 0, "lastError": null, "instance": "keywarden-1/3f9a2c1d"}""")))
    @ApiResponse(
            responseCode = "409",
            description = "A run of the job is in progress; `Retry-After` says when it should have ended",
            content = @Content(examples = @ExampleObject(value = """
            {"type": "https://keywarden.io/problems/job-running", "title": "Job running", "status": 409,
             "detail": "Job key-retirement is running on keywarden-2/5e1d0c9a since 2026-11-28T06:45:08Z; try\
             again in about 4 s, once that run has ended.",
             "job": "key-retirement", "runningOn": "keywarden-2/5e1d0c9a",
             "runningSince": "2026-11-28T06:45:08.412Z"}""")))
    @PostMapping("/admin/v1/jobs/{name}/runs")
    ResponseEntity<JobRunReport> runNow(@PathVariable String name) {
        Job job =
                runner.job(name).orElseThrow(() -> answered(Problems.notFound("There is no job named " + name + ".")));
        return ResponseEntity.status(HttpStatus.CREATED).body(runner.runNow(job));
    }

    @ExceptionHandler(JobInProgressException.class)
    ResponseEntity<ProblemDetail> inProgress(JobInProgressException ex) {
        return Problems.answer(
                Problems.conflict(
                        "job-running",
                        "Job running",
                        ex.getMessage(),
                        Map.of(
                                "job",
                                ex.job(),
                                "runningOn",
                                ex.instance(),
                                "runningSince",
                                ex.since().toString())),
                ex.retryAfter());
    }

    private static ErrorResponseException answered(ProblemDetail problem) {
        return new ErrorResponseException(HttpStatusCode.valueOf(problem.getStatus()), problem, null);
    }

    private JobStatus status(Job job) {
        Duration interval = runner.intervalOf(job);
        Optional<JobRunReport> last = runs.last(job.name());
        JobScheduling schedule = scheduling.getIfAvailable();
        Instant next = schedule == null ? null : schedule.nextRun(job);
        return new JobStatus(job.name(), interval, last.orElse(null), next);
    }

    /**
     * A job as an operator sees it.
     *
     * @param name the job
     * @param interval the pause between runs
     * @param lastRun its last run on any instance, or {@code null}
     * @param nextRun when this instance's schedule next tries it: a period after its own last
     *     scheduled try ended (a run by hand does not move it), or before then while that try still
     *     runs; {@code null} when not scheduled here
     */
    record JobStatus(String name, Duration interval, JobRunReport lastRun, Instant nextRun) {}
}
