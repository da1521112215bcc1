package io.keywarden.issuance;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The issuance table's state machine in SQL. Every transition is one conditional statement on
 * the row (or runs under its row lock), so two requests, two instances or a request and the
 * reconciler can never both believe they own an attempt. An attempt's ownership is a lease:
 * {@code IN_FLIGHT} with {@code lease_until} in the future.
 */
@Component
class IssuanceStore {

    private static final String COLUMNS =
            "id, user_name, request_fingerprint, state, started_at, lease_until," + " expires_at, response_ciphertext";

    /**
     * Where an attempt's window ends, fixed when it is first claimed unsettled: the moment its
     * outcome became unknown, or, when it crashed before recording that, the end of its lease, which
     * outlasts any upstream call it could have made.
     */
    private static final String WINDOW_END = "window_ends_at = coalesce(window_ends_at, lease_until)";

    private static final String UNSETTLED = "id, user_name, started_at, window_ends_at";

    private final JdbcTemplate jdbc;
    private final Duration lease;
    private final Duration retention;
    private final Duration clockSkew;

    IssuanceStore(JdbcTemplate jdbc, IssuanceProperties properties) {
        this.jdbc = jdbc;
        this.lease = properties.lease();
        this.retention = properties.retention();
        this.clockSkew = properties.clockSkew();
    }

    @Transactional
    public Claim begin(IssueRequest request, String fingerprint) {
        if (request.kind() == IssuanceKind.ROTATE) {
            lockPredecessor(request.rotatedFrom());
        }
        UUID id = UUID.randomUUID();
        List<Instant> inserted = jdbc.query(
                "INSERT INTO issuance (id, client_name, idempotency_key, request_fingerprint, kind, user_name,"
                        + " rotated_from, state, attempts, started_at, lease_until)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, 'IN_FLIGHT', 1, now(), now() + ?::interval)"
                        + " ON CONFLICT (client_name, idempotency_key) DO NOTHING RETURNING started_at",
                (rs, n) -> rs.getTimestamp(1).toInstant(),
                id,
                request.caller().name(),
                request.idempotencyKey(),
                fingerprint,
                request.kind().name(),
                request.userName(),
                request.rotatedFrom(),
                interval(lease));
        if (!inserted.isEmpty()) {
            requireRotatable(request, id);
            return new Claim.Started(id, inserted.get(0));
        }
        Row row = jdbc.queryForObject(
                "SELECT " + COLUMNS + ", now() AS db_now FROM issuance"
                        + " WHERE client_name = ? AND idempotency_key = ? FOR UPDATE",
                IssuanceStore::row,
                request.caller().name(),
                request.idempotencyKey());
        return decide(row, fingerprint, request);
    }

    private Claim decide(Row row, String fingerprint, IssueRequest request) {
        if (!row.fingerprint().equals(fingerprint)) {
            return new Claim.Mismatch();
        }
        boolean leaseLive = row.leaseUntil().isAfter(row.dbNow());
        return switch (row.state()) {
            case "SUCCEEDED" ->
                replayable(row) ? new Claim.Replay(row.id(), row.ciphertext()) : restart(row.id(), request);
            case "IN_FLIGHT" -> leaseLive ? new Claim.InProgress() : claimUnsettled(row);
            case "OUTCOME_UNKNOWN" -> leaseLive ? new Claim.InProgress() : claimUnsettled(row);
            case "NEEDS_OPERATOR" -> new Claim.AwaitingOperator(row.id(), row.userName());
            default -> restart(row.id(), request);
        };
    }

    /**
     * Whether a settled request's answer is still served: within its retention, and stored in the
     * current format (an answer stored by an earlier version is treated as expired).
     */
    private static boolean replayable(Row row) {
        return row.expiresAt() != null
                && row.expiresAt().isAfter(row.dbNow())
                && ReplayCipher.isCurrentFormat(row.ciphertext());
    }

    private Claim restart(UUID id, IssueRequest request) {
        requireRotatable(request, id);
        Instant startedAt = jdbc.queryForObject(
                "UPDATE issuance SET state = 'IN_FLIGHT', attempts = attempts + 1, started_at = now(),"
                        + " lease_until = now() + ?::interval, settled_at = NULL, access_key_id = NULL,"
                        + " response_status = NULL, response_ciphertext = NULL, expires_at = NULL,"
                        + " window_ends_at = NULL WHERE id = ? RETURNING started_at",
                (rs, n) -> rs.getTimestamp(1).toInstant(),
                interval(lease),
                id);
        return new Claim.Started(id, startedAt);
    }

    /** Serialises the attempts to rotate one key: they queue on its row until the first commits. */
    private void lockPredecessor(String accessKeyId) {
        jdbc.query("SELECT 1 FROM access_key WHERE access_key_id = ? FOR UPDATE", rs -> {}, accessKeyId);
    }

    /** A rotation starts only from an active key that no other unsettled rotation is replacing. */
    private void requireRotatable(IssueRequest request, UUID id) {
        if (request.kind() != IssuanceKind.ROTATE) {
            return;
        }
        List<String> status = jdbc.queryForList(
                "SELECT status FROM access_key WHERE access_key_id = ?", String.class, request.rotatedFrom());
        if (status.isEmpty() || !"ACTIVE".equals(status.get(0))) {
            throw new NotRotatableException("Access key " + request.rotatedFrom() + " is "
                    + (status.isEmpty() ? "unknown" : status.get(0)) + "; only an ACTIVE key can be rotated.");
        }
        Boolean busy = jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM issuance WHERE rotated_from = ? AND id <> ?"
                        + " AND state IN ('IN_FLIGHT', 'OUTCOME_UNKNOWN'))",
                Boolean.class,
                request.rotatedFrom(),
                id);
        if (Boolean.TRUE.equals(busy)) {
            throw new NotRotatableException(
                    "Access key " + request.rotatedFrom() + " is already being rotated by another request.");
        }
    }

    /** The key cannot be rotated now; nothing was stored. */
    static final class NotRotatableException extends RuntimeException {
        NotRotatableException(String message) {
            super(message, null, false, false);
        }
    }

    private Claim claimUnsettled(Row row) {
        return jdbc.query(
                        "UPDATE issuance SET state = 'OUTCOME_UNKNOWN', lease_until = now() + ?::interval, "
                                + WINDOW_END + " WHERE id = ? RETURNING " + UNSETTLED,
                        IssuanceStore::unsettled,
                        interval(lease),
                        row.id())
                .get(0);
    }

    private static Claim.Unsettled unsettled(ResultSet rs, int n) throws SQLException {
        return new Claim.Unsettled(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                rs.getTimestamp(3).toInstant(),
                rs.getTimestamp(4).toInstant());
    }

    /**
     * Takes an unsettled issuance whose lease ran out for reconciliation, or answers empty when
     * someone else holds it or it settled meanwhile.
     */
    @Transactional
    public Optional<Claim.Unsettled> claimForReconciliation(UUID id) {
        List<Claim.Unsettled> claimed = jdbc.query(
                "UPDATE issuance SET state = 'OUTCOME_UNKNOWN', lease_until = now() + ?::interval, " + WINDOW_END
                        + " WHERE id = ? AND state IN ('IN_FLIGHT', 'OUTCOME_UNKNOWN') AND lease_until < now()"
                        + " RETURNING " + UNSETTLED,
                IssuanceStore::unsettled,
                interval(lease),
                id);
        return claimed.stream().findFirst();
    }

    /** Gives up a reconciliation claim without settling, so the next retry may claim at once. */
    void release(UUID id) {
        jdbc.update("UPDATE issuance SET lease_until = now() WHERE id = ? AND state = 'OUTCOME_UNKNOWN'", id);
    }

    /** Unsettled issuances whose lease ran out, oldest first. */
    List<UUID> findStale(int limit) {
        return jdbc.queryForList(
                "SELECT id FROM issuance WHERE state IN ('IN_FLIGHT', 'OUTCOME_UNKNOWN') AND lease_until < now()"
                        + " ORDER BY lease_until LIMIT ?",
                UUID.class,
                limit);
    }

    /** Whether another attempt for this user may be between its upstream call and its record. */
    boolean anotherAttemptInFlight(String userName, UUID except) {
        Boolean found = jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM issuance WHERE user_name = ? AND id <> ? AND state = 'IN_FLIGHT'"
                        + " AND lease_until > now())",
                Boolean.class,
                userName,
                except);
        return Boolean.TRUE.equals(found);
    }

    /**
     * Whether another attempt for this user that may have left a key upstream unrecorded (one not
     * settled, or waiting for an operator) overlaps the window, each attempt's own window widened
     * by the clock-skew allowance.
     */
    boolean anotherAttemptOverlaps(UUID except, String userName, OrphanAttribution.Window window) {
        Boolean found = jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM issuance WHERE user_name = ? AND id <> ?"
                        + " AND state IN ('IN_FLIGHT', 'OUTCOME_UNKNOWN', 'NEEDS_OPERATOR')"
                        + " AND started_at - ?::interval <= ? AND coalesce(window_ends_at, lease_until) + ?::interval >= ?)",
                Boolean.class,
                userName,
                except,
                interval(clockSkew),
                Timestamp.from(window.to()),
                interval(clockSkew),
                Timestamp.from(window.from()));
        return Boolean.TRUE.equals(found);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public boolean succeeded(UUID id, String accessKeyId, int status, byte[] ciphertext) {
        return jdbc.update(
                        "UPDATE issuance SET state = 'SUCCEEDED', settled_at = now(), lease_until = now(),"
                                + " access_key_id = ?, response_status = ?, response_ciphertext = ?,"
                                + " expires_at = now() + ?::interval WHERE id = ? AND state = 'IN_FLIGHT'",
                        accessKeyId,
                        status,
                        ciphertext,
                        interval(retention),
                        id)
                == 1;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void settle(UUID id, String state) {
        boolean unknown = "OUTCOME_UNKNOWN".equals(state);
        jdbc.update(
                "UPDATE issuance SET state = ?, lease_until = now(), settled_at = CASE WHEN ? THEN NULL ELSE now() END,"
                        + " window_ends_at = CASE WHEN ? THEN now() ELSE window_ends_at END,"
                        + " expires_at = CASE WHEN ? THEN NULL ELSE now() + ?::interval END"
                        + " WHERE id = ? AND state IN ('IN_FLIGHT', 'OUTCOME_UNKNOWN')",
                state,
                unknown,
                unknown,
                unknown,
                interval(retention),
                id);
    }

    /** Deletes settled issuances past their retention: their replays are gone for good. */
    @Transactional
    public int purgeExpired() {
        return jdbc.update(
                "DELETE FROM issuance WHERE state IN ('SUCCEEDED', 'FAILED', 'ABANDONED')" + " AND expires_at < now()");
    }

    private static String interval(Duration duration) {
        return duration.toMillis() + " milliseconds";
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        Timestamp expires = rs.getTimestamp("expires_at");
        return new Row(
                rs.getObject("id", UUID.class),
                rs.getString("user_name"),
                rs.getString("request_fingerprint"),
                rs.getString("state"),
                rs.getTimestamp("started_at").toInstant(),
                rs.getTimestamp("lease_until").toInstant(),
                expires == null ? null : expires.toInstant(),
                rs.getBytes("response_ciphertext"),
                rs.getTimestamp("db_now").toInstant());
    }

    private record Row(
            UUID id,
            String userName,
            String fingerprint,
            String state,
            Instant startedAt,
            Instant leaseUntil,
            Instant expiresAt,
            byte[] ciphertext,
            Instant dbNow) {}
}
