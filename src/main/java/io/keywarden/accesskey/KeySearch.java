package io.keywarden.accesskey;

import io.keywarden.accesskey.AccessKeyQueries.KeyCounts;
import io.keywarden.accesskey.AccessKeyQueries.KeyFilter;
import io.keywarden.accesskey.internal.AccessKey;
import io.keywarden.reads.LikePattern;
import io.keywarden.reads.ScopedKeyset;
import io.keywarden.security.UserNameGlob;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The SQL of key lists and counts in a caller's scope. Every filter is a fixed fragment with bound
 * values, the scope one {@code LIKE} per glob. A list in a scope goes through {@link
 * ScopedKeyset}: the scope's members from the pattern index ({@code (user_name
 * varchar_pattern_ops, id)}, V5) when its ranges are narrow, the id order when they are broad, so
 * that a page never depends on the planner guessing where a scope's keys lie. Runs inside {@link
 * io.keywarden.reads.ReadGuard#run}, which asks for a custom plan per statement: a range is read
 * from the index only when the planner sees the pattern's text.
 */
@Component
class KeySearch {

    private static final String LIKE = "user_name LIKE ? ESCAPE '" + UserNameGlob.LIKE_ESCAPE + "'";

    private final JdbcTemplate jdbc;
    private final KeyAgeLimit ageLimit;
    private final Clock clock;

    KeySearch(JdbcTemplate jdbc, KeyAgeLimit ageLimit, Clock clock) {
        this.jdbc = jdbc;
        this.ageLimit = ageLimit;
        this.clock = clock;
    }

    /** A key of a page and its row id, the cursor of the next page. */
    record Found(long id, AccessKeyView key) {}

    /**
     * At most {@code max} keys after {@code after} in id order, in the scope ({@code LIKE}
     * patterns; absent: every user) and passing the filter. When the scope's members are known
     * and nothing but the scope filters them, only the first {@code max} are read.
     */
    List<Found> page(Optional<List<String>> scope, KeyFilter filter, long after, int max) {
        Conditions conditions = conditions(scope, filter);
        Supplier<List<Found>> planned =
                () -> select(" WHERE id > ?" + conditions.sql + " ORDER BY id LIMIT ?", conditions.with(after), max);
        Optional<List<String>> drivers = drivers(scope, filter);
        if (drivers.isEmpty()) {
            return planned.get();
        }
        boolean anotherIndex = filter.issuedBy() != null || filter.expiringWithin() != null || filter.dueForRotation();
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
                        return select(
                                " WHERE id > ? AND id <= ?" + conditions.sql + " ORDER BY id LIMIT ?",
                                conditions.with(from, to),
                                limit);
                    }

                    @Override
                    public List<Found> among(List<Long> ids, int limit) {
                        List<Long> candidates = beyondScope ? ids : ids.subList(0, Math.min(limit, ids.size()));
                        return select(
                                " WHERE id = ANY (?)" + conditions.sql + " ORDER BY id LIMIT ?",
                                conditions.with((Object) candidates.toArray(Long[]::new)),
                                limit);
                    }
                },
                anotherIndex ? planned : null);
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
        args.add(Timestamp.from(clock.instant().minus(ageLimit.maxAge())));
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

    private List<Found> select(String where, List<Object> args, int limit) {
        List<Object> all = new ArrayList<>(args);
        all.add(limit);
        return jdbc.query("SELECT " + AccessKey.COLUMNS + " FROM access_key" + where, KeySearch::read, all.toArray());
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
            args.add(Timestamp.from(clock.instant().minus(ageLimit.maxAge())));
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

    private static Found read(ResultSet rs, int row) throws SQLException {
        AccessKey key = AccessKey.read(rs, row);
        return new Found(key.id(), AccessKeyView.of(key));
    }
}
