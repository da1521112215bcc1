package io.keywarden.audit.internal;

import io.keywarden.identity.Caller;
import io.keywarden.platform.reads.LikePattern;
import io.keywarden.platform.reads.ReadGuard;
import io.keywarden.platform.reads.ScopedKeyset;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Searches the audit log newest first with keyset pagination on {@code id}. The WHERE clause is
 * built from fixed fragments, one per filter given, and every value is a bound parameter; one row
 * beyond the page is read to know whether another page follows. The caller's scope is a filter
 * like the others, in SQL, so a page is never short of events the caller may see: a scoped
 * caller gets the events whose user matches one of its globs, and never an event without a user.
 * A scoped search goes through {@link ScopedKeyset}: the scope's events from the pattern index
 * ({@code (user_name varchar_pattern_ops, id)}, V51) when its ranges are narrow, a backward walk
 * of the log when they are broad, so a narrow scope whose users' events are all old does not
 * read the whole log after them. It runs under {@link ReadGuard}'s limits, like every search.
 */
@Service
class AuditEventSearch {

    private static final String LIKE = "user_name LIKE ? ESCAPE '" + LikePattern.ESCAPE + "'";

    private final JdbcTemplate jdbc;
    private final ReadGuard reads;

    AuditEventSearch(JdbcTemplate jdbc, ReadGuard reads) {
        this.jdbc = jdbc;
        this.reads = reads;
    }

    AuditEventPage search(AuditEventFilter filter, Caller caller) {
        Optional<List<String>> patterns = caller.userNameLikePatterns();
        if (patterns.isPresent() && patterns.get().isEmpty()) {
            return new AuditEventPage(List.of(), null);
        }
        StringBuilder sql = new StringBuilder();
        List<Object> args = new ArrayList<>();
        scope(sql, args, patterns);
        where(sql, args, " AND user_name = ?", filter.userName());
        where(sql, args, " AND actor = ?", filter.actor());
        where(sql, args, " AND access_key_id = ?", filter.accessKeyId());
        where(
                sql,
                args,
                " AND action = ?",
                filter.action() == null ? null : filter.action().name());
        where(
                sql,
                args,
                " AND outcome = ?",
                filter.outcome() == null ? null : filter.outcome().name());
        where(sql, args, " AND occurred_at >= ?", filter.from() == null ? null : Timestamp.from(filter.from()));
        where(sql, args, " AND occurred_at < ?", filter.to() == null ? null : Timestamp.from(filter.to()));
        Conditions conditions = new Conditions(sql.toString(), List.copyOf(args));
        long before = filter.beforeId() == null ? Long.MAX_VALUE : filter.beforeId();
        int max = filter.limit() + 1;

        List<StoredAuditEvent> found = reads.run(() -> page(patterns, filter, conditions, before, max));
        if (found.size() <= filter.limit()) {
            return new AuditEventPage(found, null);
        }
        List<StoredAuditEvent> page = List.copyOf(found.subList(0, filter.limit()));
        return new AuditEventPage(
                page, AuditEventCursor.encode(page.get(page.size() - 1).id()));
    }

    private List<StoredAuditEvent> page(
            Optional<List<String>> patterns, AuditEventFilter filter, Conditions conditions, long before, int max) {
        Supplier<List<StoredAuditEvent>> planned = () ->
                select(" WHERE id < ?" + conditions.sql + " ORDER BY id DESC LIMIT ?", conditions.with(before), max);
        if (patterns.isEmpty()
                || filter.userName() != null
                || patterns.get().stream()
                        .anyMatch(pattern -> LikePattern.range(pattern).isEmpty())) {
            return planned.get();
        }
        boolean anotherIndex = filter.actor() != null
                || filter.accessKeyId() != null
                || filter.action() != null
                || filter.outcome() != null
                || filter.from() != null
                || filter.to() != null;
        return ScopedKeyset.page(
                ScopedKeyset.Order.NEWEST_FIRST,
                before,
                max,
                new ScopedKeyset.Source<>() {
                    @Override
                    public Optional<Collection<Long>> members(long from, long reach) {
                        return ScopedKeyset.members(
                                jdbc, "audit_event", ScopedKeyset.Order.NEWEST_FIRST, patterns.get(), from, reach);
                    }

                    @Override
                    public List<StoredAuditEvent> window(long from, long to, int limit) {
                        return select(
                                " WHERE id < ? AND id >= ?" + conditions.sql + " ORDER BY id DESC LIMIT ?",
                                conditions.with(from, to),
                                limit);
                    }

                    @Override
                    public List<StoredAuditEvent> among(List<Long> ids, int limit) {
                        List<Long> candidates = anotherIndex ? ids : ids.subList(0, Math.min(limit, ids.size()));
                        return select(
                                " WHERE id = ANY (?)" + conditions.sql + " ORDER BY id DESC LIMIT ?",
                                conditions.with((Object) candidates.toArray(Long[]::new)),
                                limit);
                    }

                    @Override
                    public long windowStart(long from) {
                        if (from != Long.MAX_VALUE) {
                            return from;
                        }
                        Long newest = jdbc.queryForObject("SELECT max(id) FROM audit_event", Long.class);
                        return newest == null ? 1 : newest + 1;
                    }
                },
                anotherIndex ? planned : null);
    }

    private List<StoredAuditEvent> select(String where, List<Object> args, int limit) {
        List<Object> all = new ArrayList<>(args);
        all.add(limit);
        return jdbc.query(
                AuditEventRows.SELECT + " FROM audit_event" + where, (rs, n) -> AuditEventRows.read(rs), all.toArray());
    }

    private static void scope(StringBuilder sql, List<Object> args, Optional<List<String>> patterns) {
        if (patterns.isEmpty()) {
            return;
        }
        StringJoiner any = new StringJoiner(" OR ", " AND (", ")");
        for (String pattern : patterns.get()) {
            any.add(LIKE);
            args.add(pattern);
        }
        sql.append(any);
    }

    private static void where(StringBuilder sql, List<Object> args, String fragment, Object value) {
        if (value != null) {
            sql.append(fragment);
            args.add(value);
        }
    }

    /** WHERE fragments after the position's, and their values in order. */
    private record Conditions(String sql, List<Object> args) {

        List<Object> with(Object... leading) {
            List<Object> all = new ArrayList<>(List.of(leading));
            all.addAll(args);
            return all;
        }
    }
}
