package io.keywarden.identity.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * The seal keys set through the admin API ({@code client_seal_key}), one row per client, read by
 * its primary key on every use, so every instance sees a change at once.
 */
@Repository
class ClientSealKeyStore {

    private static final RowMapper<SetKey> ROW = (rs, row) -> new SetKey(
            rs.getString("client_name"),
            rs.getBytes("public_key"),
            rs.getString("updated_by"),
            rs.getTimestamp("updated_at").toInstant());

    private final JdbcTemplate jdbc;

    ClientSealKeyStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The key set for {@code client}, if one is. */
    Optional<SetKey> find(String client) {
        List<SetKey> found = jdbc.query(
                "SELECT client_name, public_key, updated_by, updated_at FROM client_seal_key WHERE client_name = ?",
                ROW,
                client);
        return found.stream().findFirst();
    }

    /** The keys set for any of {@code clients}, by client name. */
    Map<String, SetKey> findAll(Collection<String> clients) {
        return jdbc
                .query(
                        "SELECT client_name, public_key, updated_by, updated_at FROM client_seal_key"
                                + " WHERE client_name = ANY(?)",
                        ROW,
                        (Object) clients.toArray(String[]::new))
                .stream()
                .collect(Collectors.toMap(SetKey::client, key -> key));
    }

    void put(String client, byte[] publicKey, String actor, Instant at) {
        jdbc.update(
                "INSERT INTO client_seal_key (client_name, public_key, updated_by, updated_at) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (client_name) DO UPDATE SET public_key = EXCLUDED.public_key,"
                        + " updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at",
                client,
                publicKey,
                actor,
                Timestamp.from(at));
    }

    /** Whether a key was set for {@code client} and is now removed. */
    boolean remove(String client) {
        return jdbc.update("DELETE FROM client_seal_key WHERE client_name = ?", client) > 0;
    }

    /** A key set through the admin API. */
    record SetKey(String client, byte[] publicKey, String setBy, Instant setAt) {}
}
