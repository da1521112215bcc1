package io.keywarden.audit.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Reads {@code audit_event} rows into {@link StoredAuditEvent}s, the one place that knows the
 * column order, so search and verification see exactly the fields the chain hashes.
 */
final class AuditEventRows {

    private static final String MICROS = "(extract(epoch FROM occurred_at) * 1000000)::bigint";

    /** Every column, in the order {@link #read} and the chain's canonical form list them. */
    static final String COLUMNS = "id, occurred_at, actor, action, outcome, user_name, access_key_id,"
            + " upstream_ret_code, upstream_request_id, idempotency_key, request_id, client_address,"
            + " detail, token_subject, token_id, previous_hash, hash, chain_version, key_id";

    /**
     * Every column as {@link #read} expects it. The time comes as microseconds since the epoch
     * (exact: the column holds microseconds), which the driver reads far faster than timestamp text.
     */
    static final String SELECT = "SELECT " + COLUMNS.replace("occurred_at,", MICROS + ",");

    private AuditEventRows() {}

    static StoredAuditEvent read(ResultSet rs) throws SQLException {
        return new StoredAuditEvent(
                rs.getLong(1),
                instant(rs.getLong(2)),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getObject(8, Integer.class),
                rs.getString(9),
                rs.getString(10),
                rs.getString(11),
                rs.getString(12),
                rs.getString(13),
                rs.getString(14),
                rs.getString(15),
                rs.getString(16),
                rs.getString(17),
                rs.getInt(18),
                rs.getString(19));
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
