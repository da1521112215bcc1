package io.keywarden.webhooks;

import io.keywarden.events.EventBacklog;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The outbox of webhook deliveries ({@code webhook_delivery}), their attempts and the subscriptions
 * a receiver disabled. Claims are single conditional statements with {@code FOR UPDATE SKIP
 * LOCKED}, so two instances never send the same delivery at once, and a claim that runs out (a
 * crashed instance) is taken over.
 */
@Repository
class DeliveryStore {

    private final JdbcTemplate jdbc;

    DeliveryStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A delivery waiting to be written: the event's body and what identifies it. */
    record NewDelivery(
            String webhookId,
            String subscription,
            String eventType,
            Instant occurredAt,
            String accessKeyId,
            String rotatedFrom,
            String userName,
            String body) {}

    /** A delivery claimed for sending. */
    record Claimed(
            UUID id,
            String webhookId,
            String subscription,
            String eventType,
            String accessKeyId,
            String userName,
            String body,
            int attempts,
            Instant giveUpAt) {}

    /** A delivery as the log shows it. */
    record Logged(
            UUID id,
            long position,
            String webhookId,
            String subscription,
            String eventType,
            String accessKeyId,
            String userName,
            String state,
            int attempts,
            Instant createdAt,
            Instant nextAttemptAt,
            Instant finishedAt,
            String lastError) {}

    /** One attempt as the log shows it. */
    record Attempt(int attempt, Instant attemptedAt, Integer status, long durationMs, String answer, String error) {}

    void insert(List<NewDelivery> deliveries, Instant now, Duration maxRetry) {
        for (NewDelivery delivery : deliveries) {
            jdbc.update(
                    """
                    INSERT INTO webhook_delivery (id, webhook_id, subscription, event_type, occurred_at,
                        access_key_id, rotated_from, user_name, body, state, created_at, next_attempt_at, give_up_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?)
                    ON CONFLICT (webhook_id) DO NOTHING
                    """,
                    UUID.randomUUID(),
                    delivery.webhookId(),
                    delivery.subscription(),
                    delivery.eventType(),
                    Timestamp.from(delivery.occurredAt()),
                    delivery.accessKeyId(),
                    delivery.rotatedFrom(),
                    delivery.userName(),
                    delivery.body(),
                    Timestamp.from(now),
                    Timestamp.from(now),
                    Timestamp.from(now.plus(maxRetry)));
        }
    }

    /**
     * Claims up to {@code limit} due deliveries of subscriptions not disabled, oldest first, each the
     * earliest pending one of its key and subscription, so a key's events go out in the order they
     * happened (the listener that writes them may run out of that order); a successor's events also
     * wait for its predecessor's earlier ones, so nobody hears of a rotation before of the key it
     * replaced. Keys in {@code waiting} still have an event the outbox's listener has not written:
     * their deliveries (and their successors') wait for it, as it may be an earlier one. A delivery
     * without a predecessor ({@code rotated_from} null) is compared as "not a successor of a waiting
     * key": a null there would make the whole condition unknown and hold every such delivery back
     * while any key's event waits, which under a steady stream of creates is always. The earlier
     * deliveries of the key and of its predecessor are looked for apart, each an equality on
     * {@code webhook_delivery_key_idx}: one look for either (an {@code OR}) could only use the
     * subscription, and read every earlier pending delivery of it for each candidate, seconds per
     * claim with a few thousand pending (bench/RESULTS.md, "Domain events and webhooks").
     */
    List<Claimed> claim(String worker, Instant now, Duration lease, int limit, EventBacklog.Waiting waiting) {
        String[] held = waiting.accessKeyIds().toArray(String[]::new);
        return jdbc.query(
                """
                UPDATE webhook_delivery SET claimed_by = ?, claimed_until = ?
                WHERE id IN (
                    SELECT d.id FROM webhook_delivery d
                    WHERE d.state = 'PENDING' AND d.next_attempt_at <= ?
                      AND (d.claimed_until IS NULL OR d.claimed_until < ?)
                      AND (d.access_key_id IS NULL
                           OR NOT (? OR d.access_key_id = ANY (?) OR coalesce(d.rotated_from = ANY (?), false)))
                      AND NOT EXISTS (SELECT 1 FROM webhook_subscription_disabled s
                                      WHERE s.subscription = d.subscription)
                      AND NOT EXISTS (SELECT 1 FROM webhook_delivery e
                                      WHERE e.state = 'PENDING' AND e.subscription = d.subscription
                                        AND e.access_key_id = d.access_key_id
                                        AND (e.occurred_at, e.position) < (d.occurred_at, d.position))
                      AND NOT EXISTS (SELECT 1 FROM webhook_delivery e
                                      WHERE e.state = 'PENDING' AND e.subscription = d.subscription
                                        AND e.access_key_id = d.rotated_from
                                        AND (e.occurred_at, e.position) < (d.occurred_at, d.position))
                    ORDER BY d.occurred_at, d.position
                    LIMIT ?
                    FOR UPDATE SKIP LOCKED)
                RETURNING id, webhook_id, subscription, event_type, access_key_id, user_name, body, attempts,
                    give_up_at, position
                """,
                (rs, row) -> new Claimed(
                        rs.getObject("id", UUID.class),
                        rs.getString("webhook_id"),
                        rs.getString("subscription"),
                        rs.getString("event_type"),
                        rs.getString("access_key_id"),
                        rs.getString("user_name"),
                        rs.getString("body"),
                        rs.getInt("attempts"),
                        rs.getTimestamp("give_up_at").toInstant()),
                worker,
                Timestamp.from(now.plus(lease)),
                Timestamp.from(now),
                Timestamp.from(now),
                waiting.everything(),
                held,
                held,
                limit);
    }

    void recordAttempt(UUID id, int attempt, Instant at, Integer status, long durationMs, String answer, String error) {
        jdbc.update("""
                INSERT INTO webhook_attempt (delivery_id, attempt, attempted_at, status, duration_ms, answer, error)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, id, attempt, Timestamp.from(at), status, durationMs, answer, error);
    }

    /** Settles a claimed delivery as DELIVERED, FAILED or DEAD, if this worker still holds it. */
    boolean settle(UUID id, String worker, int attempts, String state, Instant now, String error) {
        return jdbc.update("""
                        UPDATE webhook_delivery SET state = ?, attempts = ?, finished_at = ?, last_error = ?,
                            claimed_by = NULL, claimed_until = NULL
                        WHERE id = ? AND claimed_by = ?
                        """, state, attempts, Timestamp.from(now), error, id, worker) == 1;
    }

    /** Leaves a claimed delivery pending, to be tried again from {@code nextAttemptAt}. */
    boolean retryLater(UUID id, String worker, int attempts, Instant nextAttemptAt, String error) {
        return jdbc.update("""
                        UPDATE webhook_delivery SET attempts = ?, next_attempt_at = ?, last_error = ?,
                            claimed_by = NULL, claimed_until = NULL
                        WHERE id = ? AND claimed_by = ?
                        """, attempts, Timestamp.from(nextAttemptAt), error, id, worker) == 1;
    }

    /**
     * Makes a DEAD or FAILED delivery pending again, due now and given {@code maxRetry} more, under
     * the same webhook id.
     *
     * @return whether it was DEAD or FAILED (and is now pending)
     */
    boolean redeliver(UUID id, Instant now, Duration maxRetry) {
        return jdbc.update("""
                        UPDATE webhook_delivery SET state = 'PENDING', next_attempt_at = ?, give_up_at = ?,
                            finished_at = NULL
                        WHERE id = ? AND state IN ('DEAD', 'FAILED')
                        """, Timestamp.from(now), Timestamp.from(now.plus(maxRetry)), id) == 1;
    }

    Optional<Logged> find(UUID id) {
        return jdbc.query(SELECT_LOGGED + " WHERE id = ?", DeliveryStore::logged, id).stream()
                .findFirst();
    }

    /** Up to {@code limit} deliveries, newest first, before the position {@code before} (none: from the newest). */
    List<Logged> page(String subscription, String state, Long before, int limit) {
        StringBuilder sql = new StringBuilder(SELECT_LOGGED).append(" WHERE true");
        List<Object> args = new ArrayList<>();
        if (subscription != null) {
            sql.append(" AND subscription = ?");
            args.add(subscription);
        }
        if (state != null) {
            sql.append(" AND state = ?");
            args.add(state);
        }
        if (before != null) {
            sql.append(" AND position < ?");
            args.add(before);
        }
        sql.append(" ORDER BY position DESC LIMIT ?");
        args.add(limit);
        return jdbc.query(sql.toString(), DeliveryStore::logged, args.toArray());
    }

    List<Attempt> attempts(UUID id) {
        return jdbc.query(
                """
                SELECT attempt, attempted_at, status, duration_ms, answer, error FROM webhook_attempt
                WHERE delivery_id = ? ORDER BY attempt
                """,
                (rs, row) -> new Attempt(
                        rs.getInt("attempt"),
                        rs.getTimestamp("attempted_at").toInstant(),
                        (Integer) rs.getObject("status"),
                        rs.getLong("duration_ms"),
                        rs.getString("answer"),
                        rs.getString("error")),
                id);
    }

    /**
     * Deletes up to {@code limit} finished deliveries, oldest first, with their attempts: DELIVERED
     * ones finished before {@code deliveredBefore}, DEAD and FAILED ones before {@code deadBefore}.
     * The outer condition is checked again on a row a retry changed meanwhile, so a delivery made
     * pending again is never deleted.
     *
     * @return how many were deleted
     */
    int purge(Instant deliveredBefore, Instant deadBefore, int limit) {
        Timestamp delivered = Timestamp.from(deliveredBefore);
        Timestamp dead = Timestamp.from(deadBefore);
        return jdbc.update("""
                DELETE FROM webhook_delivery
                WHERE id IN (
                        SELECT id FROM webhook_delivery
                        WHERE (state = 'DELIVERED' AND finished_at < ?)
                            OR (state IN ('DEAD', 'FAILED') AND finished_at < ?)
                        ORDER BY finished_at
                        LIMIT ?)
                    AND ((state = 'DELIVERED' AND finished_at < ?) OR (state IN ('DEAD', 'FAILED') AND finished_at < ?))
                """, delivered, dead, limit, delivered, dead);
    }

    long countDead() {
        Long count = jdbc.queryForObject("SELECT count(*) FROM webhook_delivery WHERE state = 'DEAD'", Long.class);
        return count == null ? 0 : count;
    }

    /** Disables a subscription (its receiver answered 410); its pending deliveries wait until it is enabled. */
    void disable(String subscription, Instant now, String reason) {
        jdbc.update("""
                INSERT INTO webhook_subscription_disabled (subscription, disabled_at, reason) VALUES (?, ?, ?)
                ON CONFLICT (subscription) DO NOTHING
                """, subscription, Timestamp.from(now), reason);
    }

    /** @return whether it was disabled */
    boolean enable(String subscription) {
        return jdbc.update("DELETE FROM webhook_subscription_disabled WHERE subscription = ?", subscription) == 1;
    }

    /** Enables every subscription again, as a start does for the configured ones. */
    void enableAll() {
        jdbc.update("DELETE FROM webhook_subscription_disabled");
    }

    Optional<String> disabledReason(String subscription) {
        return jdbc
                .query(
                        "SELECT reason FROM webhook_subscription_disabled WHERE subscription = ?",
                        (rs, row) -> rs.getString(1),
                        subscription)
                .stream()
                .findFirst();
    }

    private static final String SELECT_LOGGED = """
            SELECT id, position, webhook_id, subscription, event_type, access_key_id, user_name, state, attempts,
                created_at, next_attempt_at, finished_at, last_error
            FROM webhook_delivery""";

    private static Logged logged(ResultSet rs, int row) throws SQLException {
        Timestamp finished = rs.getTimestamp("finished_at");
        return new Logged(
                rs.getObject("id", UUID.class),
                rs.getLong("position"),
                rs.getString("webhook_id"),
                rs.getString("subscription"),
                rs.getString("event_type"),
                rs.getString("access_key_id"),
                rs.getString("user_name"),
                rs.getString("state"),
                rs.getInt("attempts"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("next_attempt_at").toInstant(),
                finished == null ? null : finished.toInstant(),
                rs.getString("last_error"));
    }
}
