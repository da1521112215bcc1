package io.keywarden.console.internal;

import io.keywarden.jobs.JobControl;
import io.keywarden.jobs.JobInProgressException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The Jobs page: each job's interval and latest runs, and "run now" for ADMIN. */
@Controller
class JobsPage extends ConsolePages {

    private static final int RUNS_SHOWN = 5;

    private final JobControl jobs;

    JobsPage(JobControl jobs, ConsoleCallers callers) {
        super(callers);
        this.jobs = jobs;
    }

    @GetMapping("/console/jobs")
    String jobs(Model model) {
        model.addAttribute("jobs", jobs.jobs(RUNS_SHOWN));
        return "console/jobs";
    }

    /**
     * Runs the job now, also right after a scheduled run; while a run of it is in progress on some
     * instance, the jobs page says which and since when instead.
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
        redirect.addFlashAttribute("notice", notice);
        return "redirect:/console/jobs";
    }
}
