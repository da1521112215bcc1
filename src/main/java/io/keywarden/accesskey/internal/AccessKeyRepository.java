package io.keywarden.accesskey.internal;

import io.keywarden.accesskey.AccessKeyStatus;
import io.keywarden.accesskey.NewAccessKey;
import io.keywarden.storage.DeferredWrites;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code access_key} table's statements: keys keywarden issued, looked up by their upstream id
 * or by user, and the few changes a key's row ever sees. Each statement is one round trip; every
 * read that could grow with the table is bounded by a limit. Writes join the caller's transaction.
 */
@Repository
public class AccessKeyRepository {

    private static final String SELECT = "SELECT " + AccessKey.COLUMNS + " FROM access_key ";

    private final JdbcClient jdbc;
    private final DeferredWrites writes;

    AccessKeyRepository(JdbcClient jdbc, DeferredWrites writes) {
        this.jdbc = jdbc;
        this.writes = writes;
    }

    /**
     * Records a key the upstream just created, as {@code ACTIVE}: one plain INSERT, batched with the
     * other keys of a group commit (see {@link DeferredWrites}).
     */
    public void insert(NewAccessKey key, Instant recordedAt) {
        writes.update(
                "INSERT INTO access_key (access_key_id, user_name, upstream_user_id, description, status,"
                        + " secret_sha256, issued_by, issuance_id, rotated_from, created_at, expires_at,"
                        + " lease_seconds, updated_at, recorded_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                key.accessKeyId(),
                key.userName(),
                key.upstreamUserId(),
                key.description(),
                AccessKeyStatus.ACTIVE.name(),
                key.secretSha256(),
                key.issuedBy(),
                key.issuanceId(),
                key.rotatedFrom(),
                timestamp(key.createdAt()),
                timestamp(key.expiresAt()),
                key.lease() == null ? null : key.lease().toSeconds(),
                timestamp(key.updatedAt() != null ? key.updatedAt() : key.createdAt()),
                timestamp(recordedAt));
    }

    public Optional<AccessKey> findByAccessKeyId(String accessKeyId) {
        return jdbc.sql(SELECT + "WHERE access_key_id = ?")
                .param(accessKeyId)
                .query(AccessKey::read)
                .optional();
    }

    /** The key's row, locked until the transaction ends; empty when keywarden does not know the key. */
    public Optional<AccessKey> findForUpdate(String accessKeyId) {
        return jdbc.sql(SELECT + "WHERE access_key_id = ? FOR UPDATE")
                .param(accessKeyId)
                .query(AccessKey::read)
                .optional();
    }

    /** The successor of a rotated key (the first, should a database owner have recorded two). */
    public Optional<AccessKey> findFirstByRotatedFrom(String accessKeyId) {
        return jdbc.sql(SELECT + "WHERE rotated_from = ? ORDER BY id LIMIT 1")
                .param(accessKeyId)
                .query(AccessKey::read)
                .optional();
    }

    /** Which of these ids are recorded; the caller bounds how many it asks about. */
    public List<String> findKnownIds(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT access_key_id FROM access_key WHERE access_key_id = ANY (?)")
                .param(ids.toArray(String[]::new))
                .query(String.class)
                .list();
    }

    /**
     * A user's keys that are not deleted, in position order. As many as the upstream lets a user
     * hold, give or take those it removed without keywarden: the upstream's own limit bounds them.
     */
    public List<AccessKey> findLiveByUserName(String userName) {
        return jdbc.sql(SELECT + "WHERE user_name = ? AND status <> 'DELETED' ORDER BY id")
                .param(userName)
                .query(AccessKey::read)
                .list();
    }

    /** The user's first {@code limit} keys that are not deleted, in position order. */
    public List<AccessKey> findLiveByUserName(String userName, int limit) {
        return jdbc.sql(SELECT + "WHERE user_name = ? AND status <> 'DELETED' ORDER BY id LIMIT ?")
                .params(userName, limit)
                .query(AccessKey::read)
                .list();
    }

    /** Superseded keys whose grace period ended by {@code now}, and that are not gone yet, in position order. */
    public List<AccessKey> findDueForRetirement(Instant now, long afterId, int limit) {
        return jdbc.sql(SELECT + "WHERE retire_at <= ? AND status IN ('ROTATING', 'INACTIVE') AND id > ?"
                        + " ORDER BY id LIMIT ?")
                .params(timestamp(now), afterId, limit)
                .query(AccessKey::read)
                .list();
    }

    /** Active keys created before {@code cutoff}: due for rotation. */
    public long countDueForRotation(Instant cutoff) {
        return jdbc.sql("SELECT count(*) FROM access_key WHERE status = 'ACTIVE' AND created_at < ?")
                .param(timestamp(cutoff))
                .query(Long.class)
                .single();
    }

    /** The users with a key that is not deleted, in name order, after {@code after}. */
    public List<String> findManagedUsersAfter(String after, int limit) {
        return jdbc.sql("SELECT DISTINCT user_name FROM access_key WHERE status <> 'DELETED' AND user_name > ?"
                        + " ORDER BY user_name LIMIT ?")
                .params(after, limit)
                .query(String.class)
                .list();
    }

    /** Records a status the upstream now has, as of {@code now}; the changed row, empty when unknown. */
    public Optional<AccessKey> changeStatus(String accessKeyId, AccessKeyStatus status, Instant now) {
        return jdbc.sql("UPDATE access_key SET status = ?, updated_at = ? WHERE access_key_id = ? RETURNING "
                        + AccessKey.COLUMNS)
                .params(status.name(), timestamp(now), accessKeyId)
                .query(AccessKey::read)
                .optional();
    }

    /** A successor exists: an active key becomes {@code ROTATING}, and it is retired after {@code retireAt}. */
    public void supersede(String accessKeyId, Instant retireAt, Instant now) {
        jdbc.sql("UPDATE access_key SET status = CASE WHEN status = 'ACTIVE' THEN 'ROTATING' ELSE status END,"
                        + " retire_at = ?, updated_at = ? WHERE access_key_id = ?")
                .params(timestamp(retireAt), timestamp(now), accessKeyId)
                .update();
    }

    /** The lease is renewed: the key now expires at {@code expiresAt}. The changed row, empty when unknown. */
    public Optional<AccessKey> renew(String accessKeyId, Instant expiresAt, Instant now) {
        return jdbc.sql("UPDATE access_key SET expires_at = ?, updated_at = ? WHERE access_key_id = ? RETURNING "
                        + AccessKey.COLUMNS)
                .params(timestamp(expiresAt), timestamp(now), accessKeyId)
                .query(AccessKey::read)
                .optional();
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
