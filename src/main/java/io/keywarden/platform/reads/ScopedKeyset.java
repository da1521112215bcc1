package io.keywarden.platform.reads;

import java.sql.Array;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Finds one keyset page (rows in id order past a cursor, at most {@code max}) of a search whose
 * caller's scope is a few user-name ranges, at a cost bounded by the cheaper of the two ways to
 * find it, whatever the table's statistics say:
 *
 * <ul>
 *   <li><b>by scope:</b> read the scope's members from an index in user-name order, then take the
 *       first of them by id; costs as much as the scope holds keys, wherever their ids lie;
 *   <li><b>by id:</b> read the table in id order from the cursor and keep what is in scope; costs
 *       as much as there are rows before the page's last member, however broad the scope.
 * </ul>
 *
 * The database's planner picks one of the two from estimates, and a scope whose few members are
 * all newer than a million other rows makes it read all of those. Here both run in rounds of
 * growing reach ({@value #FIRST_REACH} rows, then four times as many each round): the scope's
 * members if its ranges hold at most that many rows, else the next window of that many ids. The
 * first to finish answers, so a page costs at most a few times what the better way costs: a
 * narrow scope is one bounded index range, a broad one a short walk in id order. Each statement
 * reads at most its round's reach, so the first rounds are cheap whatever the data and the
 * statement timeout still bounds the last; a search that is expensive both ways (a broad scope
 * whose rows the filters almost all reject) takes several rounds, about twice what one walk of
 * the table would.
 *
 * <p>Run it inside {@link ReadGuard#run}: every round's statements run in the same read
 * transaction, under the same place in the bulkhead.
 */
public final class ScopedKeyset {

    /** Rows the first round may read each way. */
    public static final int FIRST_REACH = 1024;

    private static final int GROWTH = 4;

    /** Past any table's size; keeps the arithmetic of reaches and windows far from overflow. */
    private static final long MAX_REACH = 1L << 40;

    private static final String LIKE = "user_name LIKE ? ESCAPE '" + LikePattern.ESCAPE + "'";

    private ScopedKeyset() {}

    /** Which way pages run: ids ascending (key lists) or descending (the audit log). */
    public enum Order {
        OLDEST_FIRST,
        NEWEST_FIRST
    }

    /**
     * The three reads a search provides. "Past {@code from}" is {@code id > from} oldest first and
     * {@code id < from} newest first; every list it answers is in page order.
     *
     * @param <T> a row of the page
     */
    public interface Source<T> {

        /**
         * The ids of the rows in scope past {@code from}, read from the scope's user-name ranges,
         * when each range holds at most {@code reach} rows (past the cursor or not); empty when
         * one holds more, so that this read never costs more than its reach. Filters other than
         * the scope need not be applied.
         */
        Optional<Collection<Long>> members(long from, long reach);

        /**
         * The rows in scope that pass every filter, at most {@code max}, among those past {@code
         * from} and not past {@code to} (oldest first {@code from < id <= to}, newest first {@code
         * to <= id < from}), read in id order.
         */
        List<T> window(long from, long to, int max);

        /** The rows with these ids (in page order) that pass every filter, at most {@code max}. */
        List<T> among(List<Long> ids, int max);

        /**
         * Where the first window starts when the cursor is {@code from}: newest first with no
         * cursor ({@link Long#MAX_VALUE}), just past the newest row, so that windows are not spent
         * on ids nobody has yet.
         */
        default long windowStart(long from) {
            return from;
        }
    }

    /**
     * The usual {@link Source#members} of a table with an {@code id} key and a pattern index on
     * {@code user_name}: each pattern's range is read from the index alone, in index order (user
     * name, then id), for at most {@code reach + 1} entries whatever the cursor, so a narrow scope
     * is one short index range per glob and a broad one costs its reach. Every pattern must have a
     * range ({@link LikePattern#range}).
     */
    public static Optional<Collection<Long>> members(
            JdbcTemplate jdbc, String table, Order order, List<String> patterns, long from, long reach) {
        String past = order == Order.NEWEST_FIRST ? "id < ?" : "id > ?";
        StringJoiner sql = new StringJoiner(" UNION ALL ");
        List<Object> args = new ArrayList<>();
        for (String pattern : patterns) {
            sql.add("SELECT count(*) AS scanned, array_agg(id) FILTER (WHERE " + past + " AND " + LIKE + ") AS ids"
                    + " FROM (SELECT id, user_name FROM " + table + " WHERE " + LIKE
                    + " ORDER BY user_name USING ~<~, id LIMIT ?) r");
            args.add(from);
            args.add(pattern);
            args.add(LikePattern.range(pattern).orElseThrow());
            args.add(reach + 1);
        }
        Set<Long> ids = new HashSet<>();
        boolean[] overflowed = {false};
        jdbc.query(
                sql.toString(),
                (ResultSet rs) -> {
                    if (rs.getLong("scanned") > reach) {
                        overflowed[0] = true;
                    }
                    Array found = rs.getArray("ids");
                    if (found != null && !overflowed[0]) {
                        for (Long id : (Long[]) found.getArray()) {
                            ids.add(id);
                        }
                    }
                },
                args.toArray());
        return overflowed[0] ? Optional.empty() : Optional.of(ids);
    }

    /**
     * The page past {@code from}, at most {@code max} rows.
     *
     * @param whenBroad the search to run instead once the scope proved broader than the first
     *     round's reach, for searches with a filter that another index serves better than the id
     *     order (the planner then sees a broad scope and can weigh that index); {@code null} to race on
     */
    public static <T> List<T> page(Order order, long from, int max, Source<T> source, Supplier<List<T>> whenBroad) {
        boolean newestFirst = order == Order.NEWEST_FIRST;
        long end = newestFirst ? Long.MIN_VALUE : Long.MAX_VALUE;
        List<T> found = new ArrayList<>();
        long position = from;
        for (long reach = FIRST_REACH; ; reach = Math.min(reach * GROWTH, MAX_REACH)) {
            Optional<Collection<Long>> members = source.members(position, reach);
            if (members.isPresent()) {
                List<Long> ids = members.get().stream()
                        .distinct()
                        .sorted(newestFirst ? Comparator.reverseOrder() : Comparator.naturalOrder())
                        .toList();
                if (!ids.isEmpty()) {
                    found.addAll(source.among(ids, max - found.size()));
                }
                return found;
            }
            if (reach == FIRST_REACH) {
                if (whenBroad != null) {
                    return whenBroad.get();
                }
                position = source.windowStart(position);
            }
            long to = newestFirst ? saturatedSubtract(position, reach) : saturatedAdd(position, reach);
            found.addAll(source.window(position, to, max - found.size()));
            if (found.size() >= max || to == end) {
                return found;
            }
            position = to;
        }
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    private static long saturatedSubtract(long a, long b) {
        long difference = a - b;
        return ((a ^ b) & (a ^ difference)) < 0 ? Long.MIN_VALUE : difference;
    }
}
