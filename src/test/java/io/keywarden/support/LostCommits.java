package io.keywarden.support;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A database that lost what it had acknowledged, as a standby promoted while behind loses it: the
 * audit events and checkpoints after the last checkpoint both histories share deleted as the
 * tables' owner (the application role may not), with whatever else the lost commits wrote.
 */
public final class LostCommits {

    private LostCommits() {}

    /**
     * The newest signed checkpoint and the head it covers: what the promoted database still holds.
     *
     * @param at when its head event was recorded
     */
    public record Agreed(long sequence, long head, Instant at) {}

    /** What the database holds now, to lose everything after it later. */
    public static Agreed agreed(JdbcTemplate jdbc) {
        long sequence = jdbc.queryForObject("SELECT max(sequence) FROM audit_checkpoint", Long.class);
        long head = jdbc.queryForObject("SELECT max(id) FROM audit_event", Long.class);
        Instant at = jdbc.queryForObject("SELECT occurred_at FROM audit_event WHERE id = ?", Timestamp.class, head)
                .toInstant();
        return new Agreed(sequence, head, at);
    }

    /** Loses the audit events and checkpoints after {@code agreed}, then runs {@code alsoLost} as the owner. */
    public static void after(DataSource application, Agreed agreed, String... alsoLost) {
        List<String> statements = new ArrayList<>(List.of(
                "ALTER TABLE audit_event DISABLE TRIGGER USER",
                "ALTER TABLE audit_checkpoint DISABLE TRIGGER USER",
                "DELETE FROM audit_event WHERE id > " + agreed.head(),
                "DELETE FROM audit_checkpoint WHERE sequence > " + agreed.sequence(),
                "ALTER TABLE audit_checkpoint ENABLE TRIGGER USER",
                "ALTER TABLE audit_event ENABLE TRIGGER USER"));
        statements.addAll(List.of(alsoLost));
        JdbcTemplate owner = DatabaseOwner.jdbc(application);
        statements.forEach(owner::execute);
    }

    /**
     * The windows of the losses acknowledged so far end a day earlier, so that none reaches the keys
     * a test makes next (reconciliation would adopt them as that loss's).
     */
    public static void closeAcknowledgedWindows(DataSource application) {
        DatabaseOwner.jdbc(application)
                .update(
                        "UPDATE audit_loss SET found_at = found_at - interval '1 day' WHERE acknowledged_at IS NOT NULL");
    }
}
