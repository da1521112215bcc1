package io.keywarden.issuance.internal;

import io.keywarden.issuance.IssuedKey;
import io.keywarden.issuance.SealedSecret;
import io.keywarden.issuance.SealedSuccessor;
import io.keywarden.issuance.SealedSuccessors;
import io.keywarden.platform.jdbc.DeferredWrites;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The {@code sealed_successor} table: the sealed secret of each successor an automatic rotation
 * made, written with the successor's record ({@link IssuanceRecorder}), read by its client, and
 * deleted when the client acknowledges it. The row itself stays, so that a fetch after the
 * acknowledgement can say so.
 */
@Component
class PendingSealedSecrets implements SealedSuccessors {

    private final DeferredWrites writes;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    PendingSealedSecrets(DeferredWrites writes, JdbcTemplate jdbc, Clock clock) {
        this.writes = writes;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Keeps the successor's sealed secret for its client, in the transaction that records the successor. */
    void keep(IssueRequest request, IssuedKey successor, SealedSecret sealed) {
        writes.update(
                "INSERT INTO sealed_successor (access_key_id, rotated_from, client_name, user_name, suite, enc,"
                        + " ciphertext, info, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                successor.accessKeyId(),
                request.rotatedFrom(),
                request.issuedTo(),
                request.userName(),
                sealed.suite(),
                sealed.enc(),
                sealed.ciphertext(),
                sealed.info(),
                Timestamp.from(clock.instant()));
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<SealedSuccessor> find(String accessKeyId) {
        return jdbc
                .query(
                        "SELECT access_key_id, rotated_from, client_name, user_name, suite, enc, ciphertext, info,"
                                + " created_at, acknowledged_at FROM sealed_successor WHERE access_key_id = ?",
                        PendingSealedSecrets::read,
                        accessKeyId)
                .stream()
                .findFirst();
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean acknowledge(String accessKeyId) {
        return jdbc.update(
                        "UPDATE sealed_successor SET suite = NULL, enc = NULL, ciphertext = NULL, info = NULL,"
                                + " acknowledged_at = ? WHERE access_key_id = ? AND acknowledged_at IS NULL",
                        Timestamp.from(clock.instant()),
                        accessKeyId)
                == 1;
    }

    private static SealedSuccessor read(ResultSet row, int index) throws SQLException {
        Timestamp acknowledgedAt = row.getTimestamp("acknowledged_at");
        SealedSecret sealed = acknowledgedAt != null
                ? null
                : new SealedSecret(
                        row.getString("suite"),
                        row.getString("enc"),
                        row.getString("ciphertext"),
                        row.getString("info"));
        return new SealedSuccessor(
                row.getString("access_key_id"),
                row.getString("rotated_from"),
                row.getString("client_name"),
                row.getString("user_name"),
                sealed,
                row.getTimestamp("created_at").toInstant(),
                acknowledgedAt == null ? null : acknowledgedAt.toInstant());
    }
}
