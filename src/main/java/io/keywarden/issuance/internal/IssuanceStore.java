package io.keywarden.issuance.internal;

import io.keywarden.accesskey.KeyLifecycle;
import io.keywarden.accesskey.KeyNotRotatableException;
import io.keywarden.storage.DeferredWrites;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
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
    private final DeferredWrites writes;
    private final KeyLifecycle accessKeys;
    private final KeyLimits keyLimits;
    private final Duration lease;
    private final Duration retention;
    private final Duration clockSkew;

    IssuanceStore(
            JdbcTemplate jdbc,
            DeferredWrites writes,
            KeyLifecycle accessKeys,
            KeyLimits keyLimits,
            IssuanceProperties properties) {
        this.jdbc = jdbc;
        this.writes = writes;
        this.accessKeys = accessKeys;
        this.keyLimits = keyLimits;
        this.lease = properties.lease();
        this.retention = properties.retention();
        this.clockSkew = properties.clockSkew();
    }

    @Transactional
    public Claim begin(IssueRequest request) {
        if (request.kind() == IssuanceKind.ROTATE) {
            // The key being rotated first, so that attempts to rotate it queue.
            accessKeys.lockForRotation(request.rotatedFrom());
        }
        UUID id = UUID.randomUUID();
        List<Instant> inserted = jdbc.query(
                "INSERT INTO issuance (id, client_name, idempotency_key, request_fingerprint, kind, user_name,"
                        + " rotated_from, state, attempts, started_at, lease_until)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, now(), now() + ?::interval)"
                        + " ON CONFLICT (client_name, idempotency_key) DO NOTHING RETURNING started_at",
                (rs, n) -> rs.getTimestamp(1).toInstant(),
                id,
                request.caller().name(),
                request.idempotencyKey(),
                request.fingerprint(),
                request.kind().name(),
                request.userName(),
                request.rotatedFrom(),
                IssuanceState.IN_FLIGHT.name(),
                interval(lease));
        if (!inserted.isEmpty()) {
            requireStartable(request, id);
            return new Claim.Started(id, inserted.get(0));
        }
        Row row = jdbc.queryForObject(
                "SELECT " + COLUMNS + ", now() AS db_now FROM issuance"
                        + " WHERE client_name = ? AND idempotency_key = ? FOR UPDATE",
                IssuanceStore::row,
                request.caller().name(),
                request.idempotencyKey());
        return decide(row, request);
    }

    private Claim decide(Row row, IssueRequest request) {
        Claim.Kind decided = ClaimDecision.of(
                row.state(),
                row.fingerprint().equals(request.fingerprint()),
                row.leaseUntil().isAfter(row.dbNow()),
                replayable(row));
        return switch (decided) {
            case STARTED -> restart(row.id(), request);
            case REPLAY -> new Claim.Replay(row.id(), row.ciphertext());
            case IN_PROGRESS -> new Claim.InProgress();
            case MISMATCH -> new Claim.Mismatch();
            case UNSETTLED -> claimUnsettled(row);
            case AWAITING_OPERATOR -> new Claim.AwaitingOperator(row.id(), row.userName());
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
        requireStartable(request, id);
        Instant startedAt = jdbc.queryForObject(
                "UPDATE issuance SET state = ?, attempts = attempts + 1, started_at = now(),"
                        + " lease_until = now() + ?::interval, settled_at = NULL, access_key_id = NULL,"
                        + " response_status = NULL, response_ciphertext = NULL, expires_at = NULL,"
                        + " window_ends_at = NULL WHERE id = ? RETURNING started_at",
                (rs, n) -> rs.getTimestamp(1).toInstant(),
                IssuanceState.IN_FLIGHT.name(),
                interval(lease),
                id);
        return new Claim.Started(id, startedAt);
    }

    /**
     * An attempt starts only when its user has a free slot under the upstream's key limit, and a
     * rotation only from a key that may be replaced. Either refusal rolls the intent back: nothing
     * is left for the reconciler, and a retry decides afresh.
     */
    private void requireStartable(IssueRequest request, UUID id) {
        requireRotatable(request, id);
        keyLimits.requireFreeSlot(request);
    }

    /** A rotation starts only from a key that may be replaced and that no other unsettled rotation is replacing. */
    private void requireRotatable(IssueRequest request, UUID id) {
        if (request.kind() != IssuanceKind.ROTATE) {
            return;
        }
        accessKeys.requireRotatable(request.rotatedFrom());
        Boolean busy = jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM issuance WHERE rotated_from = ? AND id <> ?" + " AND state IN (?, ?))",
                Boolean.class,
                request.rotatedFrom(),
                id,
                IssuanceState.IN_FLIGHT.name(),
                IssuanceState.OUTCOME_UNKNOWN.name());
        if (Boolean.TRUE.equals(busy)) {
            throw new KeyNotRotatableException(
                    "Access key " + request.rotatedFrom() + " is already being rotated by another request.");
        }
    }

    private Claim claimUnsettled(Row row) {
        return jdbc.query(
                        "UPDATE issuance SET state = ?, lease_until = now() + ?::interval, " + WINDOW_END
                                + " WHERE id = ? RETURNING " + UNSETTLED,
                        IssuanceStore::unsettled,
                        IssuanceState.OUTCOME_UNKNOWN.name(),
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
                "UPDATE issuance SET state = ?, lease_until = now() + ?::interval, " + WINDOW_END
                        + " WHERE id = ? AND state IN (?, ?) AND lease_until < now()"
                        + " RETURNING " + UNSETTLED,
                IssuanceStore::unsettled,
                IssuanceState.OUTCOME_UNKNOWN.name(),
                interval(lease),
                id,
                IssuanceState.IN_FLIGHT.name(),
                IssuanceState.OUTCOME_UNKNOWN.name());
        return claimed.stream().findFirst();
    }

    /** Gives up a reconciliation claim without settling, so the next retry may claim at once. */
    void release(UUID id) {
        jdbc.update(
                "UPDATE issuance SET lease_until = now() WHERE id = ? AND state = ?",
                id,
                IssuanceState.OUTCOME_UNKNOWN.name());
    }

    /** Unsettled issuances whose lease ran out, oldest first. */
    public List<UUID> findStale(int limit) {
        return jdbc.queryForList(
                "SELECT id FROM issuance WHERE state IN (?, ?) AND lease_until < now() ORDER BY lease_until LIMIT ?",
                UUID.class,
                IssuanceState.IN_FLIGHT.name(),
                IssuanceState.OUTCOME_UNKNOWN.name(),
                limit);
    }

    /** Whether an attempt for this user has not settled (its key, if any, is not recorded yet). */
    public boolean hasUnsettled(String userName) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM issuance WHERE user_name = ? AND state IN (?, ?))",
                Boolean.class,
                userName,
                IssuanceState.IN_FLIGHT.name(),
                IssuanceState.OUTCOME_UNKNOWN.name()));
    }

    /** Whether another attempt for this user may be between its upstream call and its record. */
    boolean anotherAttemptInFlight(String userName, UUID except) {
        Boolean found = jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM issuance WHERE user_name = ? AND id <> ? AND state = ?"
                        + " AND lease_until > now())",
                Boolean.class,
                userName,
                except,
                IssuanceState.IN_FLIGHT.name());
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
                        + " AND state IN (?, ?, ?)"
                        + " AND started_at - ?::interval <= ? AND coalesce(window_ends_at, lease_until) + ?::interval >= ?)",
                Boolean.class,
                userName,
                except,
                IssuanceState.IN_FLIGHT.name(),
                IssuanceState.OUTCOME_UNKNOWN.name(),
                IssuanceState.NEEDS_OPERATOR.name(),
                interval(clockSkew),
                Timestamp.from(window.to()),
                interval(clockSkew),
                Timestamp.from(window.from()));
        return Boolean.TRUE.equals(found);
    }

    /**
     * Ends an attempt as succeeded, with its stored answer; {@code ifTakenOver}'s exception when
     * the attempt is no longer in flight (batched with the other records of a group commit, so
     * possibly thrown when the batch is sent).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void succeeded(
            UUID id,
            String accessKeyId,
            int status,
            byte[] ciphertext,
            Supplier<? extends RuntimeException> ifTakenOver) {
        writes.update(
                "UPDATE issuance SET state = ?, settled_at = now(), lease_until = now(),"
                        + " access_key_id = ?, response_status = ?, response_ciphertext = ?,"
                        + " expires_at = now() + ?::interval WHERE id = ? AND state = ?",
                ifTakenOver,
                IssuanceState.SUCCEEDED.name(),
                accessKeyId,
                status,
                ciphertext,
                interval(retention),
                id,
                IssuanceState.IN_FLIGHT.name());
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void settle(UUID id, IssuanceState state) {
        boolean unknown = state == IssuanceState.OUTCOME_UNKNOWN;
        jdbc.update(
                "UPDATE issuance SET state = ?, lease_until = now(), settled_at = CASE WHEN ? THEN NULL ELSE now() END,"
                        + " window_ends_at = CASE WHEN ? THEN now() ELSE window_ends_at END,"
                        + " expires_at = CASE WHEN ? THEN NULL ELSE now() + ?::interval END"
                        + " WHERE id = ? AND state IN (?, ?)",
                state.name(),
                unknown,
                unknown,
                unknown,
                interval(retention),
                id,
                IssuanceState.IN_FLIGHT.name(),
                IssuanceState.OUTCOME_UNKNOWN.name());
    }

    /** Deletes settled issuances past their retention: their replays are gone for good. */
    @Transactional
    public int purgeExpired() {
        return jdbc.update(
                "DELETE FROM issuance WHERE state IN (?, ?, ?) AND expires_at < now()",
                IssuanceState.SUCCEEDED.name(),
                IssuanceState.FAILED.name(),
                IssuanceState.ABANDONED.name());
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
                IssuanceState.valueOf(rs.getString("state")),
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
            IssuanceState state,
            Instant startedAt,
            Instant leaseUntil,
            Instant expiresAt,
            byte[] ciphertext,
            Instant dbNow) {}
}
