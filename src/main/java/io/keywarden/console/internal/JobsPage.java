package io.keywarden.console.internal;

import io.keywarden.jobs.JobControl;
import io.keywarden.jobs.JobInProgressException;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The Jobs page: what each job does, how often it runs and when it runs next, its latest runs, and
 * "run now" for ADMIN, which brings the person back to that job with the run's result beside it.
 */
@Controller
class JobsPage extends ConsolePages {

    private static final int RUNS_SHOWN = 5;

    private final JobControl jobs;
    private final ConsoleTimes times;
    private final Clock clock;

    JobsPage(JobControl jobs, ConsoleTimes times, Clock clock, ConsoleCallers callers) {
        super(callers);
        this.jobs = jobs;
        this.times = times;
        this.clock = clock;
    }

    @GetMapping("/console/jobs")
    String jobs(Model model) {
        Instant now = clock.instant();
        model.addAttribute(
                "jobs",
                jobs.jobs(RUNS_SHOWN).stream()
                        .map(job -> new JobView(
                                job, Intervals.every(job.interval()), nextRun(job.nextRun(), now), anchor(job.name())))
                        .toList());
        return "console/jobs";
    }

    /**
     * Runs the job now, also right after a scheduled run; while a run of it is in progress on some
     * instance, the job says which and since when instead.
     */
    @PostMapping("/console/jobs/{name}/runs")
    String runNow(@PathVariable String name, RedirectAttributes redirect) {
        String notice;
        try {
            JobControl.Run run = jobs.runNow(name);
            notice = "Job " + name + " ran: " + run.outcome() + " (examined " + run.examined() + ", changed "
                    + run.changed() + ", failed " + run.failed() + ").";
        } catch (JobInProgressException running) {
            notice = running.getMessage();
        }
        redirect.addFlashAttribute("ran", new Ran(name, notice));
        return "redirect:/console/jobs#" + anchor(name);
    }

    /** The id of a job's section, which "run now" returns to. */
    static String anchor(String job) {
        return "job-" + job;
    }

    private String nextRun(Instant next, Instant now) {
        if (next == null) {
            return "not known: no scheduled run is recorded, and this instance does not schedule jobs";
        }
        if (!next.isAfter(now)) {
            return "due now";
        }
        return times.of(next) + " (" + Intervals.in(Duration.between(now, next)) + ")";
    }

    /**
     * A job as the page shows it.
     *
     * @param every its interval in words
     * @param nextRun when it runs next, in words
     * @param anchor the id of its section
     */
    record JobView(JobControl.JobState job, String every, String nextRun, String anchor) {}

    /** The result of a run by hand, shown in that job's section. */
    record Ran(String job, String notice) implements Serializable {}
}
