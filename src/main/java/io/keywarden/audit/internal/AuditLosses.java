package io.keywarden.audit.internal;

import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditEntry;
import io.keywarden.audit.AuditLog;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.audit.DatabaseBehindException;
import io.keywarden.audit.IssuanceHold;
import io.keywarden.audit.LossWindows;
import io.keywarden.identity.Caller;
import io.keywarden.platform.web.Refusal;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The standing finding that the database is behind its signed checkpoint ({@link DatabaseBehind}),
 * kept in {@code audit_loss} so that every instance halts issuance, not only the one whose
 * checkpoint or verification found it. Each instance holds it in memory: the instance that finds,
 * acknowledges or continues it knows at once, and the others read the row again every {@link
 * #REFRESH}, so a create asks nothing of the database. While it stands unacknowledged, the gauge
 * {@code keywarden.audit.database.behind} holds the events lost (0 otherwise) and the health
 * component {@code auditDatabaseBehind} is DOWN with the finding (it is not in the readiness group:
 * reads stay available).
 */
@Component("auditDatabaseBehindHealthIndicator")
class AuditLosses implements IssuanceHold, LossWindows, HealthIndicator {

    static final Duration REFRESH = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(AuditLosses.class);

    private static final String COLUMNS = "id, checkpoint_sequence, checkpoint_hash, checkpoint_head_event_id,"
            + " checkpoint_head_hash, agreed_event_id, parted_by_event_id, database_head_event_id,"
            + " database_head_hash, found_at, acknowledged_at, acknowledged_by, acknowledgement_event_id";

    private final JdbcTemplate jdbc;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;
    private volatile Known known;

    AuditLosses(
            JdbcTemplate jdbc, AuditLog audit, TransactionTemplate transactions, Clock clock, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.transactions = transactions;
        this.ownTransaction = new TransactionTemplate(transactions.getTransactionManager());
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
        Gauge.builder("keywarden.audit.database.behind", this, AuditLosses::eventsLost)
                .description("Events lost while the database is behind its signed audit checkpoint and nobody has"
                        + " acknowledged it; 0 otherwise")
                .register(registry);
    }

    @Override
    public void requireNone() {
        standing().filter(loss -> !loss.acknowledged()).ifPresent(loss -> {
            throw new DatabaseBehindException(loss.finding().message());
        });
    }

    /** The finding from its discovery until the checkpoint chain continued past it, read again when stale. */
    Optional<Loss> standing() {
        Known now = known;
        if (now == null || now.readAt().plus(REFRESH).isBefore(clock.instant())) {
            now = reload();
        }
        return Optional.ofNullable(now.loss());
    }

    /**
     * One statement over the few acknowledged losses. The agreed event's time is its {@code
     * occurred_at} (the newest at or before it, should it be missing; the epoch when none is).
     */
    @Override
    public List<LossWindow> acknowledged(Duration clockSkew) {
        return jdbc.query(
                "SELECT l.id, (SELECT max(e.occurred_at) FROM audit_event e WHERE e.id <= l.agreed_event_id),"
                        + " l.found_at FROM audit_loss l WHERE l.acknowledged_at IS NOT NULL ORDER BY l.id",
                (rs, n) -> {
                    Timestamp agreed = rs.getTimestamp(2);
                    Instant from = agreed == null ? Instant.EPOCH : agreed.toInstant();
                    return new LossWindow(
                            rs.getLong(1),
                            // The upstream stamps in whole seconds, as orphan attribution's windows count.
                            from.minus(clockSkew).truncatedTo(ChronoUnit.SECONDS),
                            rs.getTimestamp(3).toInstant().plus(clockSkew));
                });
    }

    /** The standing finding as the database holds it now. */
    Optional<Loss> current() {
        return Optional.ofNullable(reload().loss());
    }

    private Known reload() {
        Known read = new Known(
                jdbc
                        .query(
                                "SELECT " + COLUMNS + " FROM audit_loss WHERE continued_by_sequence IS NULL",
                                AuditLosses::row)
                        .stream()
                        .findFirst()
                        .orElse(null),
                clock.instant());
        known = read;
        return read;
    }

    /**
     * Records a finding unless one stands already (the first one found is the one to acknowledge),
     * in a transaction of its own: the checkpoint that found it rolls back.
     */
    Loss found(DatabaseBehind finding) {
        int inserted = ownTransaction.execute(tx -> jdbc.update(
                "INSERT INTO audit_loss (checkpoint_sequence, checkpoint_hash, checkpoint_head_event_id,"
                        + " checkpoint_head_hash, agreed_event_id, parted_by_event_id, database_head_event_id,"
                        + " database_head_hash, found_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT ((true)) WHERE continued_by_sequence IS NULL DO NOTHING",
                finding.checkpointSequence(),
                finding.checkpointHash(),
                finding.checkpointHeadEventId(),
                finding.checkpointHeadHash(),
                finding.agreedEventId(),
                finding.partedByEventId(),
                finding.databaseHeadEventId(),
                finding.databaseHeadHash(),
                Timestamp.from(clock.instant())));
        if (inserted > 0) {
            log.error(
                    "Audit: {}; creates, rotations and renewals are halted until an operator acknowledges it at {}",
                    finding.message(),
                    DatabaseBehindException.ACKNOWLEDGEMENT_ROUTE);
        }
        return reload().loss();
    }

    /**
     * Acknowledges the standing finding: the audit event naming the lost range and both heads
     * commits with the acknowledgement, and issuance resumes.
     *
     * @throws NoLossException when no unacknowledged finding stands
     */
    Loss acknowledge(Caller caller, String reason) {
        Loss acknowledged = transactions.execute(tx -> {
            Loss loss = jdbc
                    .query(
                            "SELECT " + COLUMNS + " FROM audit_loss WHERE continued_by_sequence IS NULL"
                                    + " AND acknowledged_at IS NULL FOR UPDATE",
                            AuditLosses::row)
                    .stream()
                    .findFirst()
                    .orElseThrow(NoLossException::new);
            long eventId = audit.append(
                            AuditEntry.of(caller, AuditAction.ACKNOWLEDGE_AUDIT_LOSS, AuditOutcome.SUCCEEDED)
                                    .detail(LossAcknowledgement.detail(loss.finding(), reason)))
                    .id();
            jdbc.update(
                    "UPDATE audit_loss SET acknowledged_at = ?, acknowledged_by = ?, acknowledgement_event_id = ?"
                            + " WHERE id = ?",
                    Timestamp.from(clock.instant()),
                    caller.name(),
                    eventId,
                    loss.id());
            return loss;
        });
        log.warn(
                "Audit: {} acknowledged by {}; issuance resumes",
                acknowledged.finding().message(),
                caller.name());
        reload();
        return acknowledged;
    }

    /** The audit event that acknowledged the finding, once it is. */
    Long acknowledgementEvent(long id) {
        return jdbc.queryForObject("SELECT acknowledgement_event_id FROM audit_loss WHERE id = ?", Long.class, id);
    }

    /** The checkpoint chain went on past the acknowledged loss with checkpoint {@code sequence}. */
    void continued(Loss loss, long sequence) {
        jdbc.update("UPDATE audit_loss SET continued_by_sequence = ? WHERE id = ?", sequence, loss.id());
    }

    @Override
    public Health health() {
        Optional<Loss> loss = standing();
        if (loss.isEmpty()) {
            return Health.up().withDetail("finding", "none").build();
        }
        DatabaseBehind finding = loss.get().finding();
        Health.Builder health = loss.get().acknowledged()
                ? Health.up().withDetail("acknowledged", loss.get().acknowledgedAt())
                : Health.down().withDetail("acknowledgeAt", DatabaseBehindException.ACKNOWLEDGEMENT_ROUTE);
        return health.withDetail("finding", finding.message())
                .withDetail("checkpoint", finding.checkpointSequence())
                .withDetail("eventsLost", finding.eventsLost())
                .withDetail("foundAt", loss.get().foundAt())
                .build();
    }

    private double eventsLost() {
        return standing()
                .filter(loss -> !loss.acknowledged())
                .map(loss -> (double) loss.finding().eventsLost())
                .orElse(0.0);
    }

    private static Loss row(ResultSet rs, int n) throws SQLException {
        Timestamp acknowledged = rs.getTimestamp(11);
        return new Loss(
                rs.getLong(1),
                new DatabaseBehind(
                        rs.getLong(2),
                        rs.getString(3),
                        rs.getLong(4),
                        rs.getString(5),
                        rs.getLong(6),
                        rs.getLong(7),
                        rs.getLong(8),
                        rs.getString(9)),
                rs.getTimestamp(10).toInstant(),
                acknowledged == null ? null : acknowledged.toInstant(),
                rs.getString(12),
                rs.getObject(13, Long.class));
    }

    /** A finding as recorded, with its acknowledgement once given. */
    record Loss(
            long id,
            DatabaseBehind finding,
            Instant foundAt,
            Instant acknowledgedAt,
            String acknowledgedBy,
            Long acknowledgementEventId) {

        boolean acknowledged() {
            return acknowledgedAt != null;
        }
    }

    private record Known(Loss loss, Instant readAt) {}

    /** Nothing to acknowledge: the database is behind no signed checkpoint, or it was acknowledged already. */
    static final class NoLossException extends RuntimeException implements Refusal {
        NoLossException() {
            super("There is no unacknowledged loss to acknowledge: the database is behind no signed checkpoint.");
        }

        @Override
        public Kind refusal() {
            return Kind.INVALID;
        }
    }
}
