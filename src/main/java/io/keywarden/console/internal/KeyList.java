package io.keywarden.console.internal;

import io.keywarden.accesskey.KeyOrder;
import io.keywarden.platform.web.InvalidInputException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Keys page's search as its links carry it: the filters, the column it is sorted by and which
 * way, and the links that keep all of that while they change one thing (a page, the sort).
 *
 * @param recovered only keys recovered after a loss of the database's commits
 * @param descending largest first in the sorted column
 */
record KeyList(
        String user,
        String status,
        boolean due,
        boolean expiring,
        String issuedBy,
        boolean recovered,
        Column sorted,
        boolean descending) {

    static final String PATH = "/console/keys";

    /** The columns the page sorts by, as their links name them, and which way each sorts first. */
    enum Column {
        CREATED("created", KeyOrder.By.CREATED, true),
        USER("user", KeyOrder.By.USER, false),
        STATUS("status", KeyOrder.By.STATUS, false),
        LEASE_END("lease-end", KeyOrder.By.LEASE_END, false);

        final String param;
        final KeyOrder.By by;
        final boolean firstDescending;

        Column(String param, KeyOrder.By by, boolean firstDescending) {
            this.param = param;
            this.by = by;
            this.firstDescending = firstDescending;
        }

        static Column of(String param) {
            if (param == null || param.isBlank()) {
                return CREATED;
            }
            return Arrays.stream(values())
                    .filter(column -> column.param.equals(param))
                    .findFirst()
                    .orElseThrow(() -> new InvalidInputException(
                            "sort",
                            "sort must be one of "
                                    + Arrays.stream(values())
                                            .map(column -> column.param)
                                            .collect(Collectors.joining(", "))
                                    + "."));
        }
    }

    /** The search a request asks for: newest first unless it says otherwise. */
    static KeyList of(
            String user,
            String status,
            boolean due,
            boolean expiring,
            String issuedBy,
            boolean recovered,
            String sort,
            String dir) {
        Column column = Column.of(sort);
        boolean descending;
        if (dir == null || dir.isBlank()) {
            descending = column.firstDescending;
        } else if (dir.equals("asc") || dir.equals("desc")) {
            descending = dir.equals("desc");
        } else {
            throw new InvalidInputException("dir", "dir must be asc or desc.");
        }
        return new KeyList(
                KeyPages.blankToNull(user),
                KeyPages.blankToNull(status),
                due,
                expiring,
                KeyPages.blankToNull(issuedBy),
                recovered,
                column,
                descending);
    }

    KeyOrder order() {
        return new KeyOrder(sorted.by, descending);
    }

    /** This search at the page a cursor names. */
    public String page(String cursor) {
        return link(sorted, descending) + "&cursor=" + ConsoleLinks.encode(cursor);
    }

    /**
     * This search sorted by {@code column} from its first page: the other way round when it is
     * sorted by that column already, else that column's first way.
     */
    public String sortBy(String column) {
        Column by = Column.of(column);
        boolean flip = by == sorted ? !descending : by.firstDescending;
        return link(by, flip);
    }

    /** The column's {@code aria-sort}: how the list is sorted by it, or {@code null} when it is not. */
    public String ariaSort(String column) {
        return Column.of(column) == sorted ? (descending ? "descending" : "ascending") : null;
    }

    /** A mark beside the sorted column's heading, pointing the way it is sorted; empty beside the others. */
    public String arrow(String column) {
        return Column.of(column) == sorted ? (descending ? " \u25BC" : " \u25B2") : "";
    }

    /** The request parameter of the sorted column and way, for the search form to keep them. */
    public String sortParam() {
        return sorted.param;
    }

    public String dirParam() {
        return descending ? "desc" : "asc";
    }

    private String link(Column by, boolean desc) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("user", user);
        query.put("status", status);
        query.put("issuedBy", issuedBy);
        query.put("due", due ? "true" : null);
        query.put("expiring", expiring ? "true" : null);
        query.put("recovered", recovered ? "true" : null);
        query.put("sort", by.param);
        query.put("dir", desc ? "desc" : "asc");
        return ConsoleLinks.to(PATH, query);
    }
}
