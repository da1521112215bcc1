package io.keywarden.accesskey.internal;

import io.keywarden.accesskey.AccessKeyStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One row of {@code access_key}: a key keywarden issued, its upstream metadata, who asked for it and
 * a SHA-256 fingerprint of its secret. The secret itself is never stored. A value read at one moment;
 * changes go through {@link AccessKeyRepository}'s statements.
 *
 * @param id the row's position, in insertion order
 * @param leaseSeconds the lease length granted at issuance, or {@code null} for a key issued without one
 */
public record AccessKey(
        long id,
        String accessKeyId,
        String userName,
        long upstreamUserId,
        String description,
        AccessKeyStatus status,
        String secretSha256,
        String issuedBy,
        UUID issuanceId,
        String rotatedFrom,
        Instant retireAt,
        Instant createdAt,
        Instant expiresAt,
        Long leaseSeconds,
        Instant updatedAt,
        Instant recordedAt) {

    /** The columns {@link #read} expects, in any order. */
    public static final String COLUMNS =
            "id, access_key_id, user_name, upstream_user_id, description, status, secret_sha256,"
                    + " issued_by, issuance_id, rotated_from, retire_at, created_at, expires_at, lease_seconds, updated_at,"
                    + " recorded_at";

    /** The lease length granted at issuance, or {@code null} for a key issued without one. */
    public Duration lease() {
        return leaseSeconds == null ? null : Duration.ofSeconds(leaseSeconds);
    }

    /** A row of {@link #COLUMNS}, as a {@code RowMapper}. */
    public static AccessKey read(ResultSet rs, int row) throws SQLException {
        return new AccessKey(
                rs.getLong("id"),
                rs.getString("access_key_id"),
                rs.getString("user_name"),
                rs.getLong("upstream_user_id"),
                rs.getString("description"),
                AccessKeyStatus.valueOf(rs.getString("status")),
                rs.getString("secret_sha256"),
                rs.getString("issued_by"),
                rs.getObject("issuance_id", UUID.class),
                rs.getString("rotated_from"),
                instant(rs, "retire_at"),
                instant(rs, "created_at"),
                instant(rs, "expires_at"),
                rs.getObject("lease_seconds", Long.class),
                instant(rs, "updated_at"),
                instant(rs, "recorded_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    @Override
    public String toString() {
        return "AccessKey[" + accessKeyId + ", user=" + userName + ", status=" + status + "]";
    }
}
