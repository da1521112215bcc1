package io.keywarden.accesskey;

import io.keywarden.accesskey.internal.AccessKey;
import io.keywarden.accesskey.internal.AccessKeyRepository;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The {@code access_key} table as other modules may use it: record a new key, lock and supersede
 * a key being rotated, bring a status in line with the upstream, renew a lease, and the few reads
 * the jobs and bulk revocations need (each filtered and bounded in SQL).
 * Writes join the caller's transaction ({@code MANDATORY}), so a key's row commits with the
 * intent and the audit event that go with it.
 */
@Service
public class AccessKeyRecords {

    private final AccessKeyRepository keys;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    AccessKeyRecords(AccessKeyRepository keys, JdbcTemplate jdbc, Clock clock) {
        this.keys = keys;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Records a key the upstream just created: one plain INSERT, batched with the other keys of a
     * group commit when the caller collects its writes.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(NewAccessKey key) {
        keys.insert(key, clock.instant());
    }

    /**
     * Locks the key's row until the transaction ends, so that requests to replace it queue, and
     * answers its status (empty when keywarden does not know the key).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<AccessKeyStatus> lockStatus(String accessKeyId) {
        return jdbc
                .queryForList(
                        "SELECT status FROM access_key WHERE access_key_id = ? FOR UPDATE", String.class, accessKeyId)
                .stream()
                .findFirst()
                .map(AccessKeyStatus::valueOf);
    }

    /** A successor exists: the key keeps working until {@code retireAt}, then it is retired. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void supersede(String accessKeyId, Instant retireAt) {
        keys.supersede(accessKeyId, retireAt, clock.instant());
    }

    /** Records the status the upstream now has for the key. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void changeStatus(String accessKeyId, AccessKeyStatus status) {
        keys.changeStatus(accessKeyId, status, clock.instant());
    }

    /** Which of these ids keywarden has recorded. */
    @Transactional(readOnly = true)
    public Set<String> knownIds(Collection<String> accessKeyIds) {
        return new HashSet<>(keys.findKnownIds(accessKeyIds));
    }

    /**
     * The user's keys that are not deleted, in position order: those the upstream should still
     * list. Deleted keys stay out of the read, since a user who rotates for years collects them.
     */
    @Transactional(readOnly = true)
    public List<AccessKeyView> liveOfUser(String userName) {
        return keys.findLiveByUserName(userName).stream().map(AccessKeyView::of).toList();
    }

    /**
     * At most {@code limit} of the user's keys that are not deleted, in position order: enough to
     * tell whether the user holds as many keys as the upstream allows, and to name them.
     */
    @Transactional(readOnly = true)
    public List<AccessKeyView> liveOfUser(String userName, int limit) {
        return keys.findLiveByUserName(userName, limit).stream()
                .map(AccessKeyView::of)
                .toList();
    }

    /** The users with a key that is not deleted, in name order, after {@code after}. */
    @Transactional(readOnly = true)
    public List<String> managedUsersAfter(String after, int limit) {
        return keys.findManagedUsersAfter(after, limit);
    }

    /** Superseded keys whose grace period ended by {@code now} and that are not gone yet, in position order. */
    @Transactional(readOnly = true)
    public List<RetirementDue> dueForRetirement(Instant now, long afterPosition, int limit) {
        return keys.findDueForRetirement(now, afterPosition, limit).stream()
                .map(key -> new RetirementDue(key.id(), key.accessKeyId(), key.userName()))
                .toList();
    }

    /** Active keys created before {@code cutoff}: due for rotation. */
    @Transactional(readOnly = true)
    public long countActiveCreatedBefore(Instant cutoff) {
        return keys.countDueForRotation(cutoff);
    }

    /** Locks the key's row until the transaction ends and answers its lease; empty when unknown. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<KeyLease> lockLease(String accessKeyId) {
        return keys.findForUpdate(accessKeyId).map(AccessKeyRecords::lease);
    }

    /** The key's lease as it stands, without a lock (what a successor inherits); empty when unknown. */
    public Optional<KeyLease> lease(String accessKeyId) {
        return keys.findByAccessKeyId(accessKeyId).map(AccessKeyRecords::lease);
    }

    private static KeyLease lease(AccessKey key) {
        return new KeyLease(
                key.accessKeyId(),
                key.userName(),
                key.status(),
                key.createdAt(),
                key.expiresAt(),
                key.lease(),
                key.issuedBy());
    }

    /** The key's lease now ends at {@code expiresAt}. */
    @Transactional(propagation = Propagation.MANDATORY)
    public AccessKeyView renew(String accessKeyId, Instant expiresAt) {
        return AccessKeyView.of(
                keys.renew(accessKeyId, expiresAt, clock.instant()).orElseThrow());
    }

    /** Keys whose lease ended by {@code now} and that are not gone yet, oldest expiry first, after {@code after}. */
    @Transactional(readOnly = true)
    public List<ExpiryDue> expiredBy(Instant now, ExpiryDue after, int limit) {
        return jdbc.query(
                "SELECT expires_at, id, access_key_id, user_name FROM access_key"
                        + " WHERE expires_at IS NOT NULL AND status <> 'DELETED' AND expires_at <= ?"
                        + " AND (expires_at, id) > (?, ?) ORDER BY expires_at, id LIMIT ?",
                (rs, row) ->
                        new ExpiryDue(rs.getTimestamp(1).toInstant(), rs.getLong(2), rs.getString(3), rs.getString(4)),
                Timestamp.from(now),
                Timestamp.from(after.expiresAt()),
                after.position(),
                limit);
    }

    /** How many keys not gone yet have a lease ending after {@code from} and by {@code to}. */
    @Transactional(readOnly = true)
    public long countExpiringBetween(Instant from, Instant to) {
        Long count = jdbc.queryForObject(
                "SELECT count(*) FROM access_key WHERE expires_at IS NOT NULL AND status <> 'DELETED'"
                        + " AND expires_at > ? AND expires_at <= ?",
                Long.class,
                Timestamp.from(from),
                Timestamp.from(to));
        return count == null ? 0 : count;
    }

    /** The earliest lease end by {@code now} of a key that is not gone yet: how far expiry lags behind. */
    @Transactional(readOnly = true)
    public Optional<Instant> oldestOverdueExpiry(Instant now) {
        Timestamp oldest = jdbc.queryForObject(
                "SELECT min(expires_at) FROM access_key WHERE expires_at IS NOT NULL AND status <> 'DELETED'"
                        + " AND expires_at <= ?",
                Timestamp.class,
                Timestamp.from(now));
        return Optional.ofNullable(oldest).map(Timestamp::toInstant);
    }

    /** How many keys the selection matches. */
    @Transactional(readOnly = true)
    public long countSelected(KeySelection selection) {
        List<Object> arguments = new ArrayList<>();
        String where = where(selection, arguments);
        Long count =
                jdbc.queryForObject("SELECT count(*) FROM access_key WHERE " + where, Long.class, arguments.toArray());
        return count == null ? 0 : count;
    }

    /** The keys the selection matches after {@code afterPosition}, in position order, at most {@code limit}. */
    @Transactional(readOnly = true)
    public List<SelectedKey> selected(KeySelection selection, long afterPosition, int limit) {
        List<Object> arguments = new ArrayList<>();
        String where = where(selection, arguments);
        arguments.add(afterPosition);
        arguments.add(limit);
        return jdbc.query(
                "SELECT id, access_key_id, user_name, status, created_at, issued_by FROM access_key WHERE " + where
                        + " AND id > ? ORDER BY id LIMIT ?",
                (rs, row) -> new SelectedKey(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        AccessKeyStatus.valueOf(rs.getString(4)),
                        rs.getTimestamp(5).toInstant(),
                        rs.getString(6)),
                arguments.toArray());
    }

    /** The selection as one SQL condition of bound parameters; nothing the caller sent becomes SQL text. */
    private static String where(KeySelection selection, List<Object> arguments) {
        List<String> parts = new ArrayList<>();
        parts.add("status IN ("
                + String.join(", ", Collections.nCopies(selection.statuses().size(), "?")) + ")");
        selection.statuses().stream().map(Enum::name).sorted().forEach(arguments::add);
        if (selection.userNameLike() != null) {
            parts.add("user_name LIKE ? ESCAPE '\\'");
            arguments.add(selection.userNameLike());
        }
        if (selection.issuedBy() != null) {
            parts.add("issued_by = ?");
            arguments.add(selection.issuedBy());
        }
        if (selection.createdAfter() != null) {
            parts.add("created_at >= ?");
            arguments.add(Timestamp.from(selection.createdAfter()));
        }
        if (selection.createdBefore() != null) {
            parts.add("created_at < ?");
            arguments.add(Timestamp.from(selection.createdBefore()));
        }
        return String.join(" AND ", parts);
    }
}
