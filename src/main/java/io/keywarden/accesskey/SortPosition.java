package io.keywarden.accesskey;

import io.keywarden.platform.web.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Where a page of a sorted list starts: just after, or just before, the key with this sort value
 * and row id, in the list's order. Its cursor names the order too, so a cursor of one order is
 * refused by another rather than read wrongly.
 *
 * @param before the page holds the keys before this one (a previous page) rather than after it
 * @param value the key's sort value as text, {@code null} for a lease that never ends
 */
record SortPosition(KeyOrder order, boolean before, long id, String value) {

    private static final String VERSION = "s1";
    private static final String NONE = "-";
    private static final String SOME = "=";

    /** The position of {@code key} (recorded as row {@code id}) in {@code order}. */
    static SortPosition of(KeyOrder order, boolean before, long id, AccessKeyView key) {
        String value = switch (order.by()) {
            case CREATED -> key.createdAt().toString();
            case USER -> key.userName();
            case STATUS -> key.status().name();
            case LEASE_END -> key.expiresAt() == null ? null : key.expiresAt().toString();
        };
        return new SortPosition(order, before, id, value);
    }

    /** The value as a time, for the orders by a time; {@code null} for a lease that never ends. */
    Instant instant() {
        return value == null ? null : Instant.parse(value);
    }

    String cursor() {
        String text = String.join(
                "|",
                VERSION,
                order.by().name(),
                order.descending() ? "d" : "a",
                before ? "p" : "n",
                Long.toString(id),
                value == null ? NONE : SOME + value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The position a cursor of {@code order} names; {@code null} for none (the first page). */
    static SortPosition parse(String cursor, KeyOrder order) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", 6);
            if (parts.length == 6
                    && parts[0].equals(VERSION)
                    && parts[1].equals(order.by().name())
                    && parts[2].equals(order.descending() ? "d" : "a")
                    && (parts[3].equals("p") || parts[3].equals("n"))
                    && (parts[5].equals(NONE) || parts[5].startsWith(SOME))) {
                String value = parts[5].equals(NONE) ? null : parts[5].substring(SOME.length());
                SortPosition position = new SortPosition(order, parts[3].equals("p"), Long.parseLong(parts[4]), value);
                if (value == null && order.by() != KeyOrder.By.LEASE_END) {
                    throw new IllegalArgumentException("only a lease may have no value");
                }
                if (value != null && (order.by() == KeyOrder.By.CREATED || order.by() == KeyOrder.By.LEASE_END)) {
                    position.instant();
                }
                return position;
            }
        } catch (RuntimeException ex) {
            // falls through to the refusal below
        }
        throw new InvalidInputException("cursor", "cursor is not a cursor of this list in this order.");
    }
}
