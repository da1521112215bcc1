package io.keywarden.accesskey;

import io.keywarden.accesskey.AccessKeyQueries.KeyCounts;
import io.keywarden.accesskey.AccessKeyQueries.KeyFilter;
import io.keywarden.identity.UserNameGlob;
import io.keywarden.platform.jdbc.DeferredWrites;
import io.keywarden.platform.reads.LikePattern;
import io.keywarden.platform.reads.ScopedKeyset;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Every statement on {@code access_key}, and the only place that names the table: a new key's
 * row, the one write that saves what a move of {@link AccessKey} answered, lookups by key, the
 * walks of the jobs and of bulk revocations, and the lists and counts in a caller's scope. Each
 * statement is one round trip, and every read that could grow with the table is bounded by a
 * limit or a key. Writes join the caller's transaction.
 */
@Repository
class AccessKeyRepository {

    /** The columns {@link #read} expects, in any order. */
    static final String COLUMNS = "id, access_key_id, user_name, upstream_user_id, description, status, secret_sha256,"
            + " issued_by, issuance_id, rotated_from, retire_at, created_at, expires_at, lease_seconds, updated_at,"
            + " recorded_at, recovered_loss_id, recovered_at, recovery_reviewed_at, recovery_reviewed_by";

    private static final String SELECT = "SELECT " + COLUMNS + " FROM access_key ";
    private static final String LIKE = "user_name LIKE ? ESCAPE '" + LikePattern.ESCAPE + "'";

    /** Where a lease that never ends sorts: after every lease that does. */
    private static final String NEVER = "'infinity'::timestamptz";

    private final JdbcClient sql;
    private final JdbcTemplate jdbc;
    private final DeferredWrites writes;
    private final RotationTerms rotation;
    private final Clock clock;

    AccessKeyRepository(JdbcClient sql, JdbcTemplate jdbc, DeferredWrites writes, RotationTerms rotation, Clock clock) {
        this.sql = sql;
        this.jdbc = jdbc;
        this.writes = writes;
        this.rotation = rotation;
        this.clock = clock;
    }

    // A key's own row: the writes, and lookups by key.

    /**
     * Records a key the upstream just created, as {@link AccessKey#ISSUED}: one plain INSERT,
     * batched with the other keys of a group commit (see {@link DeferredWrites}).
     */
    void insert(NewAccessKey key, Instant recordedAt) {
        writes.update(
                "INSERT INTO access_key (access_key_id, user_name, upstream_user_id, description, status,"
                        + " secret_sha256, issued_by, issuance_id, rotated_from, created_at, expires_at,"
                        + " lease_seconds, updated_at, recorded_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                key.accessKeyId(),
                key.userName(),
                key.upstreamUserId(),
                key.description(),
                AccessKey.ISSUED.name(),
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

    /**
     * Records a key upstream reconciliation found alive upstream, created in an acknowledged loss's
     * window, as recovered after that loss: no secret digest, issuing client or issuance (keywarden
     * never had them). A key recorded meanwhile (by another instance's reconciliation) is left as
     * it is.
     *
     * @return the recorded key; empty when it was recorded already
     */
    Optional<AccessKey> insertRecovered(NewAccessKey key, long lossId, AccessKeyStatus status, Instant recoveredAt) {
        return sql.sql("INSERT INTO access_key (access_key_id, user_name, upstream_user_id, description, status,"
                        + " created_at, expires_at, lease_seconds, updated_at, recorded_at, recovered_loss_id,"
                        + " recovered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (access_key_id) DO NOTHING RETURNING " + COLUMNS)
                .params(
                        key.accessKeyId(),
                        key.userName(),
                        key.upstreamUserId(),
                        key.description(),
                        status.name(),
                        timestamp(key.createdAt()),
                        timestamp(key.expiresAt()),
                        key.lease() == null ? null : key.lease().toSeconds(),
                        timestamp(key.updatedAt() != null ? key.updatedAt() : key.createdAt()),
                        timestamp(recoveredAt),
                        lossId,
                        timestamp(recoveredAt))
                .query(AccessKeyRepository::read)
                .optional();
    }

    /**
     * An operator kept a recovered key: its review is recorded once. Empty when the key is not one
     * recovered after a loss, or was reviewed already.
     */
    Optional<AccessKey> markReviewed(String accessKeyId, String reviewer, Instant now) {
        return sql.sql("UPDATE access_key SET recovery_reviewed_at = ?, recovery_reviewed_by = ?"
                        + " WHERE access_key_id = ? AND recovered_loss_id IS NOT NULL"
                        + " AND recovery_reviewed_at IS NULL RETURNING " + COLUMNS)
                .params(timestamp(now), reviewer, accessKeyId)
                .query(AccessKeyRepository::read)
                .optional();
    }

    /**
     * The user's keys recovered after a loss that no operator has reviewed and that are not
     * deleted, at most {@code limit}, oldest first: one probe of the partial index that holds
     * only such keys, so it costs a create next to nothing while there are none.
     */
    List<String> findUnreviewedRecoveredIds(String userName, int limit) {
        return sql.sql("SELECT access_key_id FROM access_key WHERE user_name = ? AND recovered_loss_id IS NOT NULL"
                        + " AND recovery_reviewed_at IS NULL AND status <> 'DELETED' ORDER BY id LIMIT ?")
                .params(userName, limit)
                .query(String.class)
                .list();
    }

    /**
     * Saves what a move made of {@code from}: its status, {@code retireAt}, expiry and update time,
     * only while the row is still as {@code from} was read (a move decided on a row that changed
     * meanwhile is not saved). The saved row; empty when the row had changed, or is unknown.
     */
    Optional<AccessKey> save(AccessKey from, AccessKey to) {
        return sql.sql("UPDATE access_key SET status = ?, retire_at = ?, expires_at = ?, updated_at = ?"
                        + " WHERE access_key_id = ? AND status = ? AND retire_at IS NOT DISTINCT FROM ?"
                        + " AND expires_at IS NOT DISTINCT FROM ? RETURNING " + COLUMNS)
                .params(
                        to.status().name(),
                        timestamp(to.retireAt()),
                        timestamp(to.expiresAt()),
                        timestamp(to.updatedAt()),
                        from.accessKeyId(),
                        from.status().name(),
                        timestamp(from.retireAt()),
                        timestamp(from.expiresAt()))
                .query(AccessKeyRepository::read)
                .optional();
    }

    Optional<AccessKey> findByAccessKeyId(String accessKeyId) {
        return sql.sql(SELECT + "WHERE access_key_id = ?")
                .param(accessKeyId)
                .query(AccessKeyRepository::read)
                .optional();
    }

    /** The key's row, locked until the transaction ends; empty when keywarden does not know the key. */
    Optional<AccessKey> findForUpdate(String accessKeyId) {
        return sql.sql(SELECT + "WHERE access_key_id = ? FOR UPDATE")
                .param(accessKeyId)
                .query(AccessKeyRepository::read)
                .optional();
    }

    /** The successor of a rotated key (the first, should a database owner have recorded two). */
    Optional<AccessKey> findFirstByRotatedFrom(String accessKeyId) {
        return sql.sql(SELECT + "WHERE rotated_from = ? ORDER BY id LIMIT 1")
                .param(accessKeyId)
                .query(AccessKeyRepository::read)
                .optional();
    }

    /** Which of these ids are recorded; the caller bounds how many it asks about. */
    List<String> findKnownIds(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return sql.sql("SELECT access_key_id FROM access_key WHERE access_key_id = ANY (?)")
                .param(ids.toArray(String[]::new))
                .query(String.class)
                .list();
    }

    // A user's keys.

    /**
     * A user's keys that are not deleted, in position order. As many as the upstream lets a user
     * hold, give or take those it removed without keywarden: the upstream's own limit bounds them.
     */
    List<AccessKey> findLiveByUserName(String userName) {
        return sql.sql(SELECT + "WHERE user_name = ? AND status <> 'DELETED' ORDER BY id")
                .param(userName)
                .query(AccessKeyRepository::read)
                .list();
    }

    /** The user's first {@code limit} keys that are not deleted, in position order. */
    List<AccessKey> findLiveByUserName(String userName, int limit) {
        return sql.sql(SELECT + "WHERE user_name = ? AND status <> 'DELETED' ORDER BY id LIMIT ?")
                .params(userName, limit)
                .query(AccessKeyRepository::read)
                .list();
    }

    /** The users with a key that is not deleted, in name order, after {@code after}. */
    List<String> findManagedUsersAfter(String after, int limit) {
        return sql.sql("SELECT DISTINCT user_name FROM access_key WHERE status <> 'DELETED' AND user_name > ?"
                        + " ORDER BY user_name LIMIT ?")
                .params(after, limit)
                .query(String.class)
                .list();
    }

    // The jobs' walks and figures.

    /** Superseded keys whose grace period ended by {@code now}, and that are not gone yet, in position order. */
    List<AccessKey> findDueForRetirement(Instant now, long afterId, int limit) {
        return sql.sql(SELECT + "WHERE retire_at <= ? AND status IN ('ROTATING', 'INACTIVE') AND id > ?"
                        + " ORDER BY id LIMIT ?")
                .params(timestamp(now), afterId, limit)
                .query(AccessKeyRepository::read)
                .list();
    }

    /** Active keys created before {@code cutoff} and issued by one of {@code clients}, in position order. */
    List<AccessKey> findDueForAutoRotation(Instant cutoff, String[] clients, long afterId, int limit) {
        return sql.sql(SELECT + "WHERE status = 'ACTIVE' AND created_at < ? AND issued_by = ANY (?) AND id > ?"
                        + " ORDER BY id LIMIT ?")
                .params(timestamp(cutoff), clients, afterId, limit)
                .query(AccessKeyRepository::read)
                .list();
    }

    /** Active keys created before {@code cutoff}: due for rotation. */
    long countDueForRotation(Instant cutoff) {
        return sql.sql("SELECT count(*) FROM access_key WHERE status = 'ACTIVE' AND created_at < ?")
                .param(timestamp(cutoff))
                .query(Long.class)
                .single();
    }

    /** Keys whose lease ended by {@code now} and that are not gone yet, oldest expiry first, after {@code after}. */
    List<ExpiryDue> findExpiredBy(Instant now, ExpiryDue after, int limit) {
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

    /**
     * Claims the keys whose lease ends after {@code now} and by {@code until} and whose
     * {@code key.expiring} was not raised for that expiry yet: marks each with the expiry it is
     * raised for and answers them, at most {@code limit}, soonest first. A key another transaction
     * holds is skipped, and the marker is checked again on the row as it stands when locked, so two
     * claims that overlap (two runs, two instances) never both claim one key for one lease.
     */
    List<AccessKey> claimExpiring(Instant now, Instant until, int limit) {
        String due = "expires_at IS NOT NULL AND status <> 'DELETED'"
                + " AND expiring_raised_for IS DISTINCT FROM expires_at AND expires_at > ? AND expires_at <= ?";
        return sql.sql("UPDATE access_key SET expiring_raised_for = expires_at WHERE " + due
                        + " AND id IN (SELECT id FROM access_key WHERE " + due
                        + " ORDER BY expires_at, id LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING " + COLUMNS)
                .params(timestamp(now), timestamp(until), timestamp(now), timestamp(until), limit)
                .query(AccessKeyRepository::read)
                .list();
    }

    /** How many keys not gone yet have a lease ending after {@code from} and by {@code to}. */
    long countExpiringBetween(Instant from, Instant to) {
        Long count = jdbc.queryForObject(
                "SELECT count(*) FROM access_key WHERE expires_at IS NOT NULL AND status <> 'DELETED'"
                        + " AND expires_at > ? AND expires_at <= ?",
                Long.class,
                Timestamp.from(from),
                Timestamp.from(to));
        return count == null ? 0 : count;
    }

    /** The earliest lease end by {@code now} of a key that is not gone yet: how far expiry lags behind. */
    Optional<Instant> findOldestOverdueExpiry(Instant now) {
        Timestamp oldest = jdbc.queryForObject(
                "SELECT min(expires_at) FROM access_key WHERE expires_at IS NOT NULL AND status <> 'DELETED'"
                        + " AND expires_at <= ?",
                Timestamp.class,
                Timestamp.from(now));
        return Optional.ofNullable(oldest).map(Timestamp::toInstant);
    }

    // The selections of bulk revocations.

    /** How many keys the selection matches. */
    long countSelected(KeySelection selection) {
        List<Object> arguments = new ArrayList<>();
        String where = where(selection, arguments);
        Long count =
                jdbc.queryForObject("SELECT count(*) FROM access_key WHERE " + where, Long.class, arguments.toArray());
        return count == null ? 0 : count;
    }

    /** The keys the selection matches after {@code afterPosition}, in position order, at most {@code limit}. */
    List<SelectedKey> findSelected(KeySelection selection, long afterPosition, int limit) {
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

    // Lists and counts in a caller's scope.

    /** A key of a page and its row id, the cursor of the next page. */
    record Found(long id, AccessKeyView key) {}

    /**
     * At most {@code max} keys after {@code after} in id order, in the scope ({@code LIKE}
     * patterns; absent: every user) and passing the filter. Every filter is a fixed fragment with
     * bound values, the scope one {@code LIKE} per glob. A list in a scope goes through {@link
     * ScopedKeyset}: the scope's members from the pattern index ({@code (user_name
     * varchar_pattern_ops, id)}, V5) when its ranges are narrow, the id order when they are broad,
     * so that a page never depends on the planner guessing where a scope's keys lie. When the
     * scope's members are known and nothing but the scope filters them, only the first {@code max}
     * are read. Runs inside {@link io.keywarden.platform.reads.ReadGuard#run}, which asks for a custom plan
     * per statement: a range is read from the index only when the planner sees the pattern's text.
     */
    List<Found> findPage(Optional<List<String>> scope, KeyFilter filter, long after, int max) {
        Conditions conditions = conditions(scope, filter);
        Supplier<List<Found>> planned = () ->
                selectFound(" WHERE id > ?" + conditions.sql + " ORDER BY id LIMIT ?", conditions.with(after), max);
        Optional<List<String>> drivers = drivers(scope, filter);
        if (drivers.isEmpty()) {
            return planned.get();
        }
        boolean anotherIndex = filter.issuedBy() != null
                || filter.recovered()
                || filter.expiringWithin() != null
                || filter.dueForRotation();
        boolean beyondScope =
                anotherIndex || filter.status() != null || (scope.isPresent() && filter.userNamePrefix() != null);
        return ScopedKeyset.page(
                ScopedKeyset.Order.OLDEST_FIRST,
                after,
                max,
                new ScopedKeyset.Source<>() {
                    @Override
                    public Optional<Collection<Long>> members(long from, long reach) {
                        return ScopedKeyset.members(
                                jdbc, "access_key", ScopedKeyset.Order.OLDEST_FIRST, drivers.get(), from, reach);
                    }

                    @Override
                    public List<Found> window(long from, long to, int limit) {
                        return selectFound(
                                " WHERE id > ? AND id <= ?" + conditions.sql + " ORDER BY id LIMIT ?",
                                conditions.with(from, to),
                                limit);
                    }

                    @Override
                    public List<Found> among(List<Long> ids, int limit) {
                        List<Long> candidates = beyondScope ? ids : ids.subList(0, Math.min(limit, ids.size()));
                        return selectFound(
                                " WHERE id = ANY (?)" + conditions.sql + " ORDER BY id LIMIT ?",
                                conditions.with((Object) candidates.toArray(Long[]::new)),
                                limit);
                    }
                },
                anotherIndex ? planned : null);
    }

    /**
     * At most {@code max} keys in the scope that pass the filter, in {@code order} from {@code
     * position} (from the start when {@code null}), or, when {@code backwards}, the keys before
     * {@code position} in the reverse order. Each order reads an index of its column with the row
     * id beside it (V1, V65), from the position on. A scope whose user-name ranges hold few keys
     * ({@link ScopedKeyset#FIRST_REACH} per range at most, read from the pattern index) is read as
     * those keys alone, so a narrow scope never walks the whole order to fill a page; a broader one
     * finds its keys near the start of the order.
     */
    List<Found> findSorted(
            Optional<List<String>> scope,
            KeyFilter filter,
            KeyOrder order,
            SortPosition position,
            boolean backwards,
            int max) {
        Conditions conditions = conditions(scope, filter);
        boolean descending = order.descending() != backwards;
        String expression = sortExpression(order.by());
        List<Object> after = new ArrayList<>();
        String keyset = "";
        if (position != null) {
            keyset = " AND (" + expression + ", id) " + (descending ? "<" : ">") + " (" + sortValue(position, after)
                    + ", ?)";
            after.add(position.id());
        }
        String direction = descending ? " DESC" : " ASC";
        String orderBy = " ORDER BY " + expression + direction + ", id" + direction + " LIMIT ?";
        Optional<Collection<Long>> members = scopeMembers(scope, filter);
        List<Object> args = new ArrayList<>();
        String where;
        if (members.isPresent()) {
            if (members.get().isEmpty()) {
                return List.of();
            }
            where = " WHERE id = ANY (?)";
            args.add(members.get().toArray(Long[]::new));
        } else {
            where = " WHERE true";
        }
        args.addAll(conditions.args);
        args.addAll(after);
        return selectFound(where + conditions.sql + keyset + orderBy, args, max);
    }

    /**
     * How many keys in the scope pass the filter, counted up to {@code upTo}: a count that reads
     * at most {@code upTo} matching rows, however many match.
     */
    long countMatching(Optional<List<String>> scope, KeyFilter filter, int upTo) {
        Conditions conditions = conditions(scope, filter);
        Optional<Collection<Long>> members = scopeMembers(scope, filter);
        List<Object> args = new ArrayList<>();
        String where;
        if (members.isPresent()) {
            if (members.get().isEmpty()) {
                return 0;
            }
            where = " WHERE id = ANY (?)";
            args.add(members.get().toArray(Long[]::new));
        } else {
            where = " WHERE true";
        }
        args.addAll(conditions.args);
        args.add(upTo);
        Long count = jdbc.queryForObject(
                "SELECT count(*) FROM (SELECT 1 FROM access_key" + where + conditions.sql + " LIMIT ?) matching",
                Long.class,
                args.toArray());
        return count == null ? 0 : count;
    }

    /** The ids of the scope's keys when its ranges are narrow enough to read whole; empty otherwise. */
    private Optional<Collection<Long>> scopeMembers(Optional<List<String>> scope, KeyFilter filter) {
        Optional<List<String>> drivers = drivers(scope, filter);
        if (drivers.isEmpty()) {
            return Optional.empty();
        }
        return ScopedKeyset.members(
                jdbc, "access_key", ScopedKeyset.Order.OLDEST_FIRST, drivers.get(), 0, ScopedKeyset.FIRST_REACH);
    }

    /** The column a list is sorted by, as the index of that order (V65) has it. */
    private static String sortExpression(KeyOrder.By by) {
        return switch (by) {
            case CREATED -> "created_at";
            case USER -> "user_name";
            case STATUS -> "status";
            case LEASE_END -> "coalesce(expires_at, " + NEVER + ")";
        };
    }

    /** The position's sort value as SQL, its parameter added to {@code args}. */
    private static String sortValue(SortPosition position, List<Object> args) {
        switch (position.order().by()) {
            case CREATED -> args.add(timestamp(position.instant()));
            case LEASE_END -> {
                if (position.value() == null) {
                    return NEVER;
                }
                args.add(timestamp(position.instant()));
            }
            default -> args.add(position.value());
        }
        return "?";
    }

    /**
     * How many keys in the scope stand in each status, are due for rotation, and have leases
     * ending within {@code expiringWithin}: one pass over the scope's keys for all six figures.
     */
    KeyCounts counts(Optional<List<String>> scope, Duration expiringWithin) {
        Conditions conditions = conditions(scope, new KeyFilter(null, null, false, null));
        StringJoiner figures = new StringJoiner(", ", "SELECT ", " FROM access_key WHERE true" + conditions.sql);
        List<Object> args = new ArrayList<>();
        for (AccessKeyStatus status : AccessKeyStatus.values()) {
            figures.add("count(*) FILTER (WHERE status = ?)");
            args.add(status.name());
        }
        figures.add("count(*) FILTER (WHERE status = ? AND created_at < ?)");
        args.add(AccessKeyStatus.ACTIVE.name());
        args.add(Timestamp.from(clock.instant().minus(rotation.maxAge())));
        figures.add("count(*) FILTER (WHERE status <> ? AND expires_at <= ?)");
        args.add(AccessKeyStatus.DELETED.name());
        args.add(Timestamp.from(clock.instant().plus(expiringWithin)));
        args.addAll(conditions.args);
        return jdbc.queryForObject(
                figures.toString(),
                (rs, n) -> {
                    Map<AccessKeyStatus, Long> byStatus = new EnumMap<>(AccessKeyStatus.class);
                    int column = 1;
                    for (AccessKeyStatus status : AccessKeyStatus.values()) {
                        byStatus.put(status, rs.getLong(column++));
                    }
                    return new KeyCounts(byStatus, rs.getLong(column++), rs.getLong(column));
                },
                args.toArray());
    }

    /**
     * The patterns whose ranges a list can read its scope from: the scope's, or without a scope
     * the user-name prefix asked for. Empty when a list is better left to the planner: one user
     * asked for (its own index), every user, or a pattern that starts with a wildcard.
     */
    private static Optional<List<String>> drivers(Optional<List<String>> scope, KeyFilter filter) {
        if (filter.userName() != null) {
            return Optional.empty();
        }
        List<String> patterns;
        if (scope.isPresent()) {
            patterns = scope.get();
        } else if (filter.userNamePrefix() != null) {
            patterns = List.of(prefixPattern(filter.userNamePrefix()));
        } else {
            return Optional.empty();
        }
        if (patterns.stream().anyMatch(pattern -> LikePattern.range(pattern).isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(patterns);
    }

    private List<Found> selectFound(String where, List<Object> args, int limit) {
        List<Object> all = new ArrayList<>(args);
        all.add(limit);
        return jdbc.query("SELECT " + COLUMNS + " FROM access_key" + where, AccessKeyRepository::found, all.toArray());
    }

    private Conditions conditions(Optional<List<String>> scope, KeyFilter filter) {
        StringBuilder sql = new StringBuilder();
        List<Object> args = new ArrayList<>();
        if (scope.isPresent()) {
            StringJoiner any = new StringJoiner(" OR ", " AND (", ")");
            for (String pattern : scope.get()) {
                any.add(LIKE);
                args.add(pattern);
            }
            sql.append(any);
        }
        if (filter.userName() != null) {
            sql.append(" AND user_name = ?");
            args.add(filter.userName());
        }
        if (filter.userNamePrefix() != null) {
            sql.append(" AND ").append(LIKE);
            args.add(prefixPattern(filter.userNamePrefix()));
        }
        if (filter.issuedBy() != null) {
            sql.append(" AND issued_by = ?");
            args.add(filter.issuedBy());
        }
        if (filter.recovered()) {
            sql.append(" AND recovered_loss_id IS NOT NULL");
        }
        if (filter.status() != null) {
            sql.append(" AND status = ?");
            args.add(filter.status().name());
        }
        if (filter.expiringWithin() != null) {
            sql.append(" AND status <> ? AND expires_at <= ?");
            args.add(AccessKeyStatus.DELETED.name());
            args.add(Timestamp.from(clock.instant().plus(filter.expiringWithin())));
        }
        if (filter.dueForRotation()) {
            sql.append(" AND status = ? AND created_at < ?");
            args.add(AccessKeyStatus.ACTIVE.name());
            args.add(Timestamp.from(clock.instant().minus(rotation.maxAge())));
        }
        return new Conditions(sql.toString(), List.copyOf(args));
    }

    private static String prefixPattern(String prefix) {
        return UserNameGlob.like(prefix) + "%";
    }

    /** WHERE fragments after the cursor's, and their values in order. */
    private record Conditions(String sql, List<Object> args) {

        /** The values of the fragments before these ({@code leading}), then these. */
        List<Object> with(Object... leading) {
            List<Object> all = new ArrayList<>(List.of(leading));
            all.addAll(args);
            return all;
        }
    }

    // Rows.

    private static Found found(ResultSet rs, int row) throws SQLException {
        AccessKey key = read(rs, row);
        return new Found(key.id(), AccessKeyView.of(key));
    }

    /** A row of {@link #COLUMNS}, as a {@code RowMapper}. */
    static AccessKey read(ResultSet rs, int row) throws SQLException {
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
                instant(rs, "recorded_at"),
                recovery(rs));
    }

    private static KeyRecovery recovery(ResultSet rs) throws SQLException {
        Long lossId = rs.getObject("recovered_loss_id", Long.class);
        return lossId == null
                ? null
                : new KeyRecovery(
                        lossId,
                        instant(rs, "recovered_at"),
                        instant(rs, "recovery_reviewed_at"),
                        rs.getString("recovery_reviewed_by"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
