package io.keywarden.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/**
 * Reads {@code audit_event} rows into {@link StoredAuditEvent}s, the one place that knows the
 * column order, so search and verification see exactly the fields the chain hashes.
 */
final class AuditEventRows {

    /** Every column, in the order {@link #read} expects. */
    static final String COLUMNS = "id, occurred_at, actor, action, outcome, user_name, access_key_id,"
            + " upstream_ret_code, upstream_request_id, idempotency_key, request_id, client_address,"
            + " detail, previous_hash, hash";

    private AuditEventRows() {}

    static StoredAuditEvent read(ResultSet rs) throws SQLException {
        return new StoredAuditEvent(
                rs.getLong(1),
                rs.getObject(2, OffsetDateTime.class).toInstant(),
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
                rs.getString(15));
    }
}
