package io.keywarden.revocation;

import io.keywarden.accesskey.SelectedKey;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code revocation} and {@code revocation_key} tables. A worker claims a running revocation
 * for a lease on database time, renews the claim between batches and releases it when it stops;
 * a crashed worker's claim simply runs out. Every key's change is one conditional statement, so a
 * worker that lost its claim cannot count a key twice.
 */
@Component
class RevocationStore {

    static final int MAX_FAILURES_SHOWN = 100;

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    RevocationStore(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void create(UUID id, String requestedBy, String reason, String filter, Instant now) {
        jdbc.update(
                "INSERT INTO revocation (id, requested_by, reason, filter, state, matched, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, 'RUNNING', 0, ?, ?)",
                id,
                requestedBy,
                reason,
                filter,
                Timestamp.from(now),
                Timestamp.from(now));
    }

    /** Adds matched keys to the snapshot, numbered from {@code firstPosition}. */
    @Transactional(propagation = Propagation.MANDATORY)
    void addKeys(UUID id, int firstPosition, List<SelectedKey> keys, Instant now) {
        Timestamp at = Timestamp.from(now);
        jdbc.batchUpdate(
                "INSERT INTO revocation_key (revocation_id, position, access_key_id, user_name, state, next_attempt_at)"
                        + " VALUES (?, ?, ?, ?, 'PENDING', ?)",
                keys,
                keys.size(),
                (statement, key) -> {
                    statement.setObject(1, id);
                    statement.setInt(2, firstPosition + keys.indexOf(key));
                    statement.setString(3, key.accessKeyId());
                    statement.setString(4, key.userName());
                    statement.setTimestamp(5, at);
                });
    }

    /** The snapshot is complete: {@code matched} keys; a revocation that matched none is done. */
    @Transactional(propagation = Propagation.MANDATORY)
    void matched(UUID id, int matched, Instant now) {
        if (matched == 0) {
            jdbc.update("UPDATE revocation SET state = 'DONE', finished_at = ? WHERE id = ?", Timestamp.from(now), id);
        } else {
            jdbc.update("UPDATE revocation SET matched = ? WHERE id = ?", matched, id);
        }
    }

    /**
     * Claims the oldest running revocation nobody holds (or whose holder's claim ran out), other
     * than those this worker has already worked on in its present run.
     */
    @Transactional
    Optional<Claimed> claim(String worker, Duration lease, Collection<UUID> except) {
        return jdbc
                .query(
                        "UPDATE revocation SET claimed_by = ?, claimed_until = now() + make_interval(secs => ?)"
                                + " WHERE id = (SELECT id FROM revocation WHERE state = 'RUNNING'"
                                + " AND (claimed_until IS NULL OR claimed_until < now()) AND id <> ALL (?)"
                                + " ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)"
                                + " RETURNING id, requested_by, reason",
                        statement -> {
                            statement.setString(1, worker);
                            statement.setDouble(2, lease.toMillis() / 1000.0);
                            statement.setArray(3, statement.getConnection().createArrayOf("uuid", except.toArray()));
                        },
                        (rs, row) -> new Claimed(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)))
                .stream()
                .findFirst();
    }

    /** Renews the claim; false when this worker no longer holds it (it ran out and another took it). */
    @Transactional
    boolean renew(UUID id, String worker, Duration lease) {
        return jdbc.update(
                        "UPDATE revocation SET claimed_until = now() + make_interval(secs => ?), updated_at = now()"
                                + " WHERE id = ? AND claimed_by = ? AND state = 'RUNNING'",
                        lease.toMillis() / 1000.0,
                        id,
                        worker)
                == 1;
    }

    @Transactional
    void release(UUID id, String worker) {
        jdbc.update(
                "UPDATE revocation SET claimed_by = NULL, claimed_until = NULL WHERE id = ? AND claimed_by = ?",
                id,
                worker);
    }

    /** Pending keys due for an attempt by {@code now}, in position order. */
    @Transactional(readOnly = true)
    List<PendingKey> due(UUID id, Instant now, int limit) {
        return jdbc.query(
                "SELECT position, access_key_id, user_name, attempts FROM revocation_key"
                        + " WHERE revocation_id = ? AND state = 'PENDING' AND next_attempt_at <= ?"
                        + " ORDER BY next_attempt_at, position LIMIT ?",
                (rs, row) -> new PendingKey(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getInt(4)),
                id,
                Timestamp.from(now),
                limit);
    }

    /** The key's turn ended with {@code state}; only a still pending key changes. */
    @Transactional
    void settled(UUID id, int position, RevocationKeyState state, String error, Instant now) {
        jdbc.update(
                "UPDATE revocation_key SET state = ?, last_error = coalesce(?, last_error), done_at = ?"
                        + " WHERE revocation_id = ? AND position = ? AND state = 'PENDING'",
                state.name(),
                error,
                Timestamp.from(now),
                id,
                position);
    }

    /** The key failed again: it is tried from {@code nextAttempt} on, or given up when {@code giveUp}. */
    @Transactional
    void failed(UUID id, int position, String error, boolean giveUp, Instant nextAttempt, Instant now) {
        jdbc.update(
                "UPDATE revocation_key SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?,"
                        + " state = ?, done_at = ? WHERE revocation_id = ? AND position = ? AND state = 'PENDING'",
                error,
                Timestamp.from(nextAttempt),
                giveUp ? RevocationKeyState.FAILED.name() : RevocationKeyState.PENDING.name(),
                giveUp ? Timestamp.from(now) : null,
                id,
                position);
    }

    /** Ends the revocation when nothing is pending: DONE, or FAILED when some key was given up. */
    @Transactional
    void finishIfSettled(UUID id) {
        jdbc.update(
                "UPDATE revocation SET state = CASE WHEN EXISTS (SELECT 1 FROM revocation_key WHERE revocation_id = ?"
                        + " AND state = 'FAILED') THEN 'FAILED' ELSE 'DONE' END, finished_at = now(), updated_at = now(),"
                        + " claimed_by = NULL, claimed_until = NULL WHERE id = ? AND state = 'RUNNING'"
                        + " AND NOT EXISTS (SELECT 1 FROM revocation_key WHERE revocation_id = ? AND state = 'PENDING')",
                id,
                id,
                id);
    }

    @Transactional(readOnly = true)
    Optional<RevocationReport> report(UUID id) {
        Map<RevocationKeyState, Integer> counts = new EnumMap<>(RevocationKeyState.class);
        jdbc.query(
                "SELECT state, count(*) FROM revocation_key WHERE revocation_id = ? GROUP BY state",
                rs -> {
                    counts.put(RevocationKeyState.valueOf(rs.getString(1)), rs.getInt(2));
                },
                id);
        List<RevocationReport.Failure> failures = jdbc.query(
                "SELECT access_key_id, user_name, last_error, attempts, state FROM revocation_key"
                        + " WHERE revocation_id = ? AND last_error IS NOT NULL AND state IN ('PENDING', 'FAILED')"
                        + " ORDER BY position LIMIT ?",
                (rs, row) -> new RevocationReport.Failure(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getInt(4),
                        RevocationKeyState.FAILED.name().equals(rs.getString(5))),
                id,
                MAX_FAILURES_SHOWN);
        return jdbc
                .query(
                        "SELECT id, state, reason, requested_by, filter, matched, created_at, finished_at"
                                + " FROM revocation WHERE id = ?",
                        (rs, row) -> new RevocationReport(
                                rs.getObject(1, UUID.class),
                                RevocationState.valueOf(rs.getString(2)),
                                rs.getString(3),
                                rs.getString(4),
                                json.readValue(rs.getString(5), RevocationFilter.class),
                                rs.getInt(6),
                                counts.getOrDefault(RevocationKeyState.REVOKED, 0),
                                counts.getOrDefault(RevocationKeyState.SKIPPED, 0),
                                counts.getOrDefault(RevocationKeyState.FAILED, 0),
                                counts.getOrDefault(RevocationKeyState.PENDING, 0),
                                failures,
                                rs.getTimestamp(7).toInstant(),
                                rs.getTimestamp(8) == null
                                        ? null
                                        : rs.getTimestamp(8).toInstant()),
                        id)
                .stream()
                .findFirst();
    }

    /** The latest revocations, newest first (the index on their start), without their keys. */
    @Transactional(readOnly = true)
    List<Revocations.Summary> recent(int limit) {
        return jdbc.query(
                "SELECT id, state, reason, requested_by, matched, created_at, finished_at FROM revocation"
                        + " ORDER BY created_at DESC, id DESC LIMIT ?",
                (rs, row) -> new Revocations.Summary(
                        rs.getObject(1, UUID.class),
                        RevocationState.valueOf(rs.getString(2)),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getInt(5),
                        rs.getTimestamp(6).toInstant(),
                        rs.getTimestamp(7) == null ? null : rs.getTimestamp(7).toInstant()),
                limit);
    }

    /** A running revocation this worker holds. */
    record Claimed(UUID id, String requestedBy, String reason) {}

    /** A matched key still to be revoked. */
    record PendingKey(int position, String accessKeyId, String userName, int attempts) {}
}
