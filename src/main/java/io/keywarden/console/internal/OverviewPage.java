package io.keywarden.console.internal;

import io.keywarden.accesskey.AccessKeyQueries;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.audit.AuditTrail;
import io.keywarden.audit.DatabaseBehindFindings;
import io.keywarden.identity.Caller;
import io.keywarden.issuance.OpenOrphanReports;
import io.keywarden.jobs.JobControl;
import io.keywarden.upstream.UpstreamIamClient;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The Overview: what exists, what is due, what needs an operator, and how the machinery stands,
 * each figure a link to the list behind it. A person sees only the figures their roles may open.
 * A database found behind its signed audit checkpoint comes first, to every role, while nobody has
 * acknowledged it: it halts creates, rotations and renewals.
 */
@Controller
class OverviewPage extends ConsolePages {

    /** Enough unmanaged-key reports to say "this many or more" without counting the whole log. */
    private static final int REPORTS_SHOWN = 100;

    private final AccessKeyQueries keys;
    private final AuditTrail audit;
    private final JobControl jobs;
    private final OpenOrphanReports orphans;
    private final UpstreamIamClient upstream;
    private final DatabaseBehindFindings losses;

    OverviewPage(
            AccessKeyQueries keys,
            AuditTrail audit,
            JobControl jobs,
            OpenOrphanReports orphans,
            UpstreamIamClient upstream,
            DatabaseBehindFindings losses,
            ConsoleCallers callers) {
        super(callers);
        this.keys = keys;
        this.audit = audit;
        this.jobs = jobs;
        this.orphans = orphans;
        this.upstream = upstream;
        this.losses = losses;
    }

    @GetMapping({"/console", "/console/"})
    String overview(HttpServletRequest request, Model model) {
        Caller caller = callers.of(request);
        Me me = Me.of(caller);
        // Everyone is told, since everyone's creates are refused; only ADMIN may answer it.
        model.addAttribute(
                "loss", losses.standing().filter(loss -> !loss.acknowledged()).orElse(null));
        model.addAttribute("counts", keys.count(caller, KeyPages.EXPIRING_SOON));
        if (me.mayAudit()) {
            int unmanaged = audit.search(
                            caller,
                            new AuditTrail.Query(
                                    null,
                                    null,
                                    null,
                                    AuditOutcome.UNMANAGED.name(),
                                    null,
                                    null,
                                    null,
                                    Integer.toString(REPORTS_SHOWN),
                                    null))
                    .items()
                    .size();
            model.addAttribute("unmanaged", unmanaged >= REPORTS_SHOWN ? REPORTS_SHOWN + "+" : unmanaged);
            model.addAttribute("verification", audit.latestVerification().orElse(null));
            model.addAttribute("head", audit.head().orElse(null));
        }
        if (me.mayAdminister()) {
            // Health details and metrics, where the API shows the circuit, are ADMIN's too.
            model.addAttribute("circuit", upstream.circuitState());
            model.addAttribute("ambiguous", orphans.count());
            model.addAttribute("jobs", jobs.jobs(1));
        }
        return "console/overview";
    }
}
