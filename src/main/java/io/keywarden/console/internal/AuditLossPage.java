package io.keywarden.console.internal;

import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditedAttempt;
import io.keywarden.audit.DatabaseBehindFindings;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The database found behind its signed audit checkpoint (ADMIN): the finding in full and, while it
 * stands unacknowledged, the acknowledgement with a required reason. It goes through the service
 * the API's acknowledgement route calls, as the person, audited {@code ACKNOWLEDGE_AUDIT_LOSS} as
 * there, refusals too; creates, rotations and renewals resume at once.
 */
@Controller
class AuditLossPage extends ConsolePages {

    static final String PATH = "/console/audit-loss";

    private final DatabaseBehindFindings findings;

    AuditLossPage(DatabaseBehindFindings findings, ConsoleCallers callers) {
        super(callers);
        this.findings = findings;
    }

    @GetMapping(PATH)
    String finding(Model model) {
        model.addAttribute("finding", findings.standing().orElse(null));
        return "console/audit-loss";
    }

    @PostMapping(PATH)
    @AuditedAttempt(AuditAction.ACKNOWLEDGE_AUDIT_LOSS)
    String acknowledge(
            HttpServletRequest request, @RequestParam(required = false) String reason, RedirectAttributes redirect) {
        DatabaseBehindFindings.Acknowledged acknowledged = findings.acknowledge(callers.of(request), reason);
        redirect.addFlashAttribute(
                "notice",
                "The loss is acknowledged (audit event " + acknowledged.acknowledgementEventId()
                        + "): creates, rotations and renewals are accepted again."
                        + (acknowledged.continuedByCheckpoint() == null
                                ? " The checkpoint job continues the signed chain at its next run."
                                : " Checkpoint " + acknowledged.continuedByCheckpoint()
                                        + " continues the signed chain."));
        return "redirect:" + PATH;
    }
}
