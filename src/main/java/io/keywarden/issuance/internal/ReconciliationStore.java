package io.keywarden.issuance.internal;

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
 * The reconciliation's part of the issuance state machine: finding attempts whose lease ran out
 * unsettled and taking one over, what the reconciler must know of the user's other attempts before
 * it attributes a key, and how it lets go of an attempt: {@code ABANDONED} once settled, or
 * released unsettled for the next try. Each transition is one conditional statement on the row,
 * like the claim's ({@link IssuanceClaims}), so the reconciler and a request never both own an
 * attempt.
 */
@Component
class ReconciliationStore {

    private final JdbcTemplate jdbc;
    private final Duration lease;
    private final Duration retention;
    private final Duration clockSkew;

    ReconciliationStore(JdbcTemplate jdbc, IssuanceProperties properties) {
        this.jdbc = jdbc;
        this.lease = properties.lease();
        this.retention = properties.retention();
        this.clockSkew = properties.clockSkew();
    }

    /** Unsettled issuances whose lease ran out, oldest first. */
    List<UUID> findStale(int limit) {
        return jdbc.queryForList(
                "SELECT id FROM issuance WHERE state IN (?, ?) AND lease_until < now() ORDER BY lease_until LIMIT ?",
                UUID.class,
                IssuanceState.IN_FLIGHT.name(),
                IssuanceState.OUTCOME_UNKNOWN.name(),
                limit);
    }

    /**
     * Takes an unsettled issuance whose lease ran out for reconciliation, as a retry of its request
     * would, or answers empty when someone else holds it or it settled meanwhile.
     */
    @Transactional
    public Optional<Claim.Unsettled> claimForReconciliation(UUID id) {
        List<Claim.Unsettled> claimed = jdbc.query(
                "UPDATE issuance SET state = ?, lease_until = now() + ?::interval, " + IssuanceClaims.WINDOW_END
                        + " WHERE id = ? AND state IN (?, ?) AND lease_until < now()"
                        + " RETURNING " + IssuanceClaims.UNSETTLED,
                IssuanceClaims::unsettled,
                IssuanceState.OUTCOME_UNKNOWN.name(),
                interval(lease),
                id,
                IssuanceState.IN_FLIGHT.name(),
                IssuanceState.OUTCOME_UNKNOWN.name());
        return claimed.stream().findFirst();
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

    /** Settles a reconciled attempt: a retry of its request may create afresh. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void abandon(UUID id) {
        jdbc.update(
                "UPDATE issuance SET state = ?, lease_until = now(), settled_at = now(),"
                        + " expires_at = now() + ?::interval WHERE id = ? AND state IN (?, ?)",
                IssuanceState.ABANDONED.name(),
                interval(retention),
                id,
                IssuanceState.IN_FLIGHT.name(),
                IssuanceState.OUTCOME_UNKNOWN.name());
    }

    /** Gives up a reconciliation claim without settling, so the next retry may claim at once. */
    void release(UUID id) {
        jdbc.update(
                "UPDATE issuance SET lease_until = now() WHERE id = ? AND state = ?",
                id,
                IssuanceState.OUTCOME_UNKNOWN.name());
    }

    private static String interval(Duration duration) {
        return duration.toMillis() + " milliseconds";
    }
}
