package io.keywarden.issuance.internal;

import io.keywarden.accesskey.KeyLifecycle;
import io.keywarden.accesskey.KeyNotRotatableException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Transaction 1 of the create protocol: a request claims the intent of its attempt, keyed by its
 * client and idempotency key, or learns why it may not call the upstream ({@link Claim}). A new
 * attempt, or a retry of one that failed or was abandoned, starts only when its user has a free
 * slot under the upstream's key limit and, for a rotation, its predecessor may be replaced; else
 * the transaction rolls back and nothing is left to reconcile. An attempt whose lease ran out
 * unsettled is taken over for reconciliation. Every transition is one conditional statement on the
 * row, or runs under its row lock, so two requests, two instances or a request and the reconciler
 * never both believe they own an attempt; ownership is a lease: {@code IN_FLIGHT} with {@code
 * lease_until} in the future.
 *
 * <p>The attempt's end is written by the record ({@link IssuanceRecorder}), the reconciliation's
 * statements are {@link ReconciliationStore}'s: one class for each step of the protocol that
 * writes the {@code issuance} table.
 */
@Component
class IssuanceClaims {

    private static final String COLUMNS =
            "id, user_name, request_fingerprint, state, started_at, lease_until, expires_at, response_ciphertext";

    /**
     * Where an attempt's window ends, fixed when it is first taken over unsettled (by a request's
     * claim or by the reconciliation job): the moment its outcome became unknown, or, when it
     * crashed before recording that, the end of its lease, which outlasts any upstream call it
     * could have made.
     */
    static final String WINDOW_END = "window_ends_at = coalesce(window_ends_at, lease_until)";

    /** What an attempt taken over unsettled is read from, by {@link #unsettled}. */
    static final String UNSETTLED = "id, user_name, started_at, window_ends_at";

    private final JdbcTemplate jdbc;
    private final KeyLifecycle accessKeys;
    private final KeyLimits keyLimits;
    private final RecoveredKeyReviews recoveredKeys;
    private final Duration lease;

    IssuanceClaims(
            JdbcTemplate jdbc,
            KeyLifecycle accessKeys,
            KeyLimits keyLimits,
            RecoveredKeyReviews recoveredKeys,
            IssuanceProperties properties) {
        this.jdbc = jdbc;
        this.accessKeys = accessKeys;
        this.keyLimits = keyLimits;
        this.recoveredKeys = recoveredKeys;
        this.lease = properties.lease();
    }

    /** Claims the request's intent, or answers why the request may not call the upstream. */
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
                IssuanceClaims::row,
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
     * An attempt starts only when its user has a free slot under the upstream's key limit, a
     * rotation only from a key that may be replaced, and a create only for a user none of whose
     * keys recovered after a loss awaits an operator's review. Each refusal rolls the intent back:
     * nothing is left for the reconciler, and a retry decides afresh.
     */
    private void requireStartable(IssueRequest request, UUID id) {
        requireRotatable(request, id);
        recoveredKeys.requireNonePending(request);
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
                        IssuanceClaims::unsettled,
                        IssuanceState.OUTCOME_UNKNOWN.name(),
                        interval(lease),
                        row.id())
                .get(0);
    }

    /** Reads the columns of {@link #UNSETTLED}. */
    static Claim.Unsettled unsettled(ResultSet rs, int n) throws SQLException {
        return new Claim.Unsettled(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                rs.getTimestamp(3).toInstant(),
                rs.getTimestamp(4).toInstant());
    }

    /** Whether an attempt for this user has not settled (its key, if any, is not recorded yet). */
    boolean hasUnsettled(String userName) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM issuance WHERE user_name = ? AND state IN (?, ?))",
                Boolean.class,
                userName,
                IssuanceState.IN_FLIGHT.name(),
                IssuanceState.OUTCOME_UNKNOWN.name()));
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
