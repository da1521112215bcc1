package io.keywarden.accesskey;

import io.keywarden.audit.AuditEntry;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.upstream.UpstreamOutcome;

/**
 * How a call to the upstream is audited, the one place an upstream outcome becomes an audit
 * outcome: for the modules that call the upstream about a key (changing one here, creating one
 * in issuance), so the audit log itself knows nothing of the upstream.
 */
public final class UpstreamAudit {

    private UpstreamAudit() {}

    /**
     * The event of {@code attempt} once the upstream answered {@code outcome}: how it ended, the
     * upstream's RetCode where it answered, its request id, and why it did not succeed.
     */
    public static AuditEntry of(AuditEntry attempt, UpstreamOutcome<?> outcome) {
        return attempt.outcome(outcome(outcome.kind()))
                .upstream(outcome.answeredRetCode(), outcome.requestId())
                .detail(outcome.reason());
    }

    static AuditOutcome outcome(UpstreamOutcome.Kind kind) {
        return switch (kind) {
            case SUCCESS -> AuditOutcome.SUCCEEDED;
            case REJECTED -> AuditOutcome.REJECTED;
            case UNAVAILABLE -> AuditOutcome.UPSTREAM_UNAVAILABLE;
            case OUTCOME_UNKNOWN -> AuditOutcome.OUTCOME_UNKNOWN;
        };
    }
}
