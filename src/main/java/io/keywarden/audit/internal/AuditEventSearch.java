package io.keywarden.audit.internal;

import io.keywarden.reads.ReadGuard;
import io.keywarden.security.Caller;
import io.keywarden.security.UserNameGlob;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Searches the audit log newest first with keyset pagination on {@code id}. The WHERE clause is
 * built from fixed fragments, one per filter given, and every value is a bound parameter; one row
 * beyond the page is read to know whether another page follows. The caller's scope is a filter
 * like the others, in SQL, so a page is never short of events the caller may see: a scoped
 * caller gets the events whose user matches one of its globs, and never an event without a user.
 * beyond the page is read to know whether another page follows. It runs under {@link ReadGuard}'s
 * limits, like every search.
 */
@Service
class AuditEventSearch {

    private final JdbcTemplate jdbc;
    private final ReadGuard reads;

    AuditEventSearch(JdbcTemplate jdbc, ReadGuard reads) {
        this.jdbc = jdbc;
        this.reads = reads;
    }

    AuditEventPage search(AuditEventFilter filter, Caller caller) {
        StringBuilder sql = new StringBuilder(AuditEventRows.SELECT).append(" FROM audit_event WHERE true");
        List<Object> args = new ArrayList<>();
        scope(sql, args, caller);
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
        where(sql, args, " AND id < ?", filter.beforeId());
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(filter.limit() + 1);

        List<StoredAuditEvent> found =
                reads.run(() -> jdbc.query(sql.toString(), (rs, n) -> AuditEventRows.read(rs), args.toArray()));
        if (found.size() <= filter.limit()) {
            return new AuditEventPage(found, null);
        }
        List<StoredAuditEvent> page = List.copyOf(found.subList(0, filter.limit()));
        return new AuditEventPage(
                page, AuditEventCursor.encode(page.get(page.size() - 1).id()));
    }

    private static void scope(StringBuilder sql, List<Object> args, Caller caller) {
        Optional<List<String>> patterns = caller.userNameLikePatterns();
        if (patterns.isEmpty()) {
            return;
        }
        if (patterns.get().isEmpty()) {
            sql.append(" AND false");
            return;
        }
        StringJoiner any = new StringJoiner(" OR ", " AND (", ")");
        for (String pattern : patterns.get()) {
            any.add("user_name LIKE ? ESCAPE '" + UserNameGlob.LIKE_ESCAPE + "'");
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
}
