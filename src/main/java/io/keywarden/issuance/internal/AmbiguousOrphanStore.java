package io.keywarden.issuance.internal;

import io.keywarden.issuance.AmbiguousOrphan;
import io.keywarden.issuance.OpenOrphanReports;
import io.keywarden.upstream.UpstreamAccessKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The {@code NEEDS_OPERATOR} part of the issuance state machine and its reports. An attempt enters
 * it only from {@code OUTCOME_UNKNOWN} under the reconciler's claim and leaves it only to {@code
 * ABANDONED} under an operator's claim (the same lease the reconciler uses), so two operators, or
 * an operator and a late retry, cannot both act on one report.
 */
@Component
class AmbiguousOrphanStore implements OpenOrphanReports {

    private static final int REASON_LENGTH = 300;

    private final JdbcTemplate jdbc;
    private final Duration lease;
    private final Duration retention;

    AmbiguousOrphanStore(JdbcTemplate jdbc, IssuanceProperties properties) {
        this.jdbc = jdbc;
        this.lease = properties.lease();
        this.retention = properties.retention();
    }

    /** Parks a claimed attempt for an operator; false when the claim was lost meanwhile. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean report(
            UUID issuanceId, OrphanAttribution.Window window, List<UpstreamAccessKey> candidates, String reason) {
        int parked = jdbc.update(
                "UPDATE issuance SET state = ?, lease_until = now(), settled_at = NULL,"
                        + " expires_at = NULL WHERE id = ? AND state = ?",
                IssuanceState.NEEDS_OPERATOR.name(),
                issuanceId,
                IssuanceState.OUTCOME_UNKNOWN.name());
        if (parked != 1) {
            return false;
        }
        jdbc.update("DELETE FROM ambiguous_orphan WHERE issuance_id = ?", issuanceId);
        jdbc.update(
                "INSERT INTO ambiguous_orphan (issuance_id, reason, window_from, window_to, reported_at)"
                        + " VALUES (?, ?, ?, ?, now())",
                issuanceId,
                reason.length() > REASON_LENGTH ? reason.substring(0, REASON_LENGTH) : reason,
                Timestamp.from(window.from()),
                Timestamp.from(window.to()));
        for (UpstreamAccessKey key : candidates) {
            jdbc.update(
                    "INSERT INTO ambiguous_orphan_candidate (issuance_id, access_key_id, created_at, inside_window)"
                            + " VALUES (?, ?, ?, ?)",
                    issuanceId,
                    key.accessKeyId(),
                    Timestamp.from(key.createdAt()),
                    window.contains(key.createdAt()));
        }
        return true;
    }

    @Override
    public long count() {
        return jdbc.queryForObject(
                "SELECT count(*) FROM issuance i JOIN ambiguous_orphan a ON a.issuance_id = i.id WHERE i.state = ?",
                Long.class,
                IssuanceState.NEEDS_OPERATOR.name());
    }

    /** The open reports, oldest first. */
    @Transactional(readOnly = true)
    public List<AmbiguousOrphan> open(int limit) {
        return jdbc
                .query(
                        "SELECT i.id FROM issuance i JOIN ambiguous_orphan a ON a.issuance_id = i.id"
                                + " WHERE i.state = ? ORDER BY a.reported_at, i.id LIMIT ?",
                        (rs, n) -> rs.getObject(1, UUID.class),
                        IssuanceState.NEEDS_OPERATOR.name(),
                        limit)
                .stream()
                .map(id -> find(id).orElseThrow())
                .toList();
    }

    /** The attempt's report, while it is open. */
    @Transactional(readOnly = true)
    public Optional<AmbiguousOrphan> openReport(UUID issuanceId) {
        return awaitsOperator(issuanceId) ? find(issuanceId) : Optional.empty();
    }

    /** Whether the attempt waits for an operator (whether or not one is deciding right now). */
    boolean awaitsOperator(UUID issuanceId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM issuance WHERE id = ? AND state = ?)",
                Boolean.class,
                issuanceId,
                IssuanceState.NEEDS_OPERATOR.name()));
    }

    /** Takes a report for an operator's decision, or answers empty when it is not open or taken. */
    @Transactional
    public Optional<AmbiguousOrphan> claim(UUID issuanceId) {
        int claimed = jdbc.update(
                "UPDATE issuance SET lease_until = now() + ?::interval"
                        + " WHERE id = ? AND state = ? AND lease_until <= now()",
                interval(lease),
                issuanceId,
                IssuanceState.NEEDS_OPERATOR.name());
        return claimed == 1 ? find(issuanceId) : Optional.empty();
    }

    /** Gives a claim back undecided. */
    void release(UUID issuanceId) {
        jdbc.update(
                "UPDATE issuance SET lease_until = now() WHERE id = ? AND state = ?",
                issuanceId,
                IssuanceState.NEEDS_OPERATOR.name());
    }

    /**
     * Ends the wait: a retry of the attempt's request may create afresh. A key revoked by the
     * decision is gone upstream, so it is withdrawn from every other open report too.
     *
     * @param revoked the candidate revoked, or {@code null}
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean resolved(UUID issuanceId, String revoked) {
        int settled = jdbc.update(
                "UPDATE issuance SET state = ?, lease_until = now(), settled_at = now(),"
                        + " expires_at = now() + ?::interval WHERE id = ? AND state = ?",
                IssuanceState.ABANDONED.name(),
                interval(retention),
                issuanceId,
                IssuanceState.NEEDS_OPERATOR.name());
        jdbc.update("DELETE FROM ambiguous_orphan WHERE issuance_id = ?", issuanceId);
        if (revoked != null) {
            jdbc.update("DELETE FROM ambiguous_orphan_candidate WHERE access_key_id = ?", revoked);
        }
        return settled == 1;
    }

    private Optional<AmbiguousOrphan> find(UUID issuanceId) {
        List<AmbiguousOrphan.Candidate> candidates = jdbc.query(
                "SELECT access_key_id, created_at, inside_window FROM ambiguous_orphan_candidate"
                        + " WHERE issuance_id = ? ORDER BY created_at, access_key_id",
                (rs, n) -> new AmbiguousOrphan.Candidate(
                        rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getBoolean(3)),
                issuanceId);
        return jdbc
                .query(
                        "SELECT i.id, i.user_name, i.kind, i.client_name, i.idempotency_key, i.started_at,"
                                + " a.window_from, a.window_to, a.reason, a.reported_at"
                                + " FROM issuance i JOIN ambiguous_orphan a ON a.issuance_id = i.id WHERE i.id = ?",
                        (rs, n) -> report(rs, candidates),
                        issuanceId)
                .stream()
                .findFirst();
    }

    private static AmbiguousOrphan report(ResultSet rs, List<AmbiguousOrphan.Candidate> candidates)
            throws SQLException {
        return new AmbiguousOrphan(
                rs.getObject("id", UUID.class),
                rs.getString("user_name"),
                rs.getString("kind"),
                rs.getString("client_name"),
                rs.getString("idempotency_key"),
                rs.getTimestamp("started_at").toInstant(),
                rs.getTimestamp("window_from").toInstant(),
                rs.getTimestamp("window_to").toInstant(),
                rs.getString("reason"),
                rs.getTimestamp("reported_at").toInstant(),
                candidates);
    }

    private static String interval(Duration duration) {
        return duration.toMillis() + " milliseconds";
    }
}
