package io.keywarden.accesskey;

/**
 * How a sorted list of keys is ordered ({@link AccessKeyQueries#listSorted}): by one of the
 * columns an operator sorts by, ties broken by the order keys were recorded in, the same way.
 *
 * @param by the column
 * @param descending largest first (newest, latest lease end, last name) when {@code true}
 */
public record KeyOrder(By by, boolean descending) {

    /** The console's default: the newest keys first. */
    public static final KeyOrder NEWEST_FIRST = new KeyOrder(By.CREATED, true);

    public KeyOrder {
        if (by == null) {
            throw new IllegalArgumentException("by is required");
        }
    }

    /** The columns keys can be sorted by; each is served by an index with the row id beside it. */
    public enum By {
        /** When the key was created. */
        CREATED,
        /** The user's name, in the database's collation. */
        USER,
        /** The status's name: ACTIVE, DELETED, INACTIVE, ROTATING. */
        STATUS,
        /** When the lease ends; a key without a lease ends after every other. */
        LEASE_END
    }
}
