package io.keywarden.audit.internal;

import io.keywarden.audit.AuditTrail;
import io.keywarden.identity.Caller;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/** {@link AuditTrail} over the very search and verification the HTTP API answers with. */
@Service
class AuditTrailService implements AuditTrail {

    private final AuditEventSearch search;
    private final AuditVerifications verifications;
    private final JdbcTemplate jdbc;

    AuditTrailService(AuditEventSearch search, AuditVerifications verifications, JdbcTemplate jdbc) {
        this.search = search;
        this.verifications = verifications;
        this.jdbc = jdbc;
    }

    @Override
    public Page search(Caller caller, Query query) {
        AuditEventFilter filter = AuditEventFilter.parse(
                        query.userName(),
                        query.actor(),
                        query.action(),
                        query.outcome(),
                        query.from(),
                        query.to(),
                        query.limit(),
                        query.cursor())
                .forKey(query.accessKeyId());
        AuditEventPage page = search.search(filter, caller);
        return new Page(page.items().stream().map(AuditTrailService::event).toList(), page.nextCursor());
    }

    @Override
    public Optional<Verification> verifyNow() {
        try {
            return Optional.of(verification(verifications.walkOrLatest()));
        } catch (AuditVerifications.VerificationRunningException ex) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<Verification> latestVerification() {
        return verifications.latest().map(AuditTrailService::verification);
    }

    /** One read of the primary key's last entry, however long the log. */
    @Override
    public Optional<Head> head() {
        return jdbc
                .query(
                        "SELECT id, occurred_at FROM audit_event ORDER BY id DESC LIMIT 1",
                        (rs, row) -> new Head(
                                rs.getLong(1),
                                rs.getObject(2, OffsetDateTime.class).toInstant()))
                .stream()
                .findFirst();
    }

    private static Event event(StoredAuditEvent e) {
        return new Event(
                e.id(),
                e.occurredAt(),
                e.actor(),
                e.action(),
                e.outcome(),
                e.userName(),
                e.accessKeyId(),
                e.upstreamRetCode(),
                e.requestId(),
                e.detail());
    }

    private static Verification verification(AuditVerificationReport report) {
        return new Verification(
                report.intact(),
                report.eventsChecked(),
                report.firstBrokenEventId(),
                report.reason(),
                report.checkpoint(),
                report.verifiedAt());
    }
}
