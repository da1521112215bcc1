package io.keywarden.audit.internal;

import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.platform.web.InvalidInputException;
import io.keywarden.platform.web.SearchText;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * One audit search as the caller asked for it, checked: exact matches on user, actor, action and
 * outcome (and, for a key's own history, its id), a time window ({@code from} inclusive, {@code
 * to} exclusive), a page size and the position after which the page starts. Anything the API cannot read is a 400 problem here,
 * before the database is asked.
 */
record AuditEventFilter(
        String userName,
        String actor,
        AuditAction action,
        AuditOutcome outcome,
        Instant from,
        Instant to,
        int limit,
        Long beforeId,
        String accessKeyId) {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    static AuditEventFilter parse(
            String userName,
            String actor,
            String action,
            String outcome,
            String from,
            String to,
            String limit,
            String cursor) {
        Instant since = instant("from", from);
        Instant until = instant("to", to);
        if (since != null && until != null && since.isAfter(until)) {
            throw new InvalidInputException("from must not be after to.");
        }
        return new AuditEventFilter(
                SearchText.check("userName", blankToNull(userName)),
                SearchText.check("actor", blankToNull(actor)),
                constant("action", AuditAction.class, action),
                constant("outcome", AuditOutcome.class, outcome),
                since,
                until,
                limit(limit),
                AuditEventCursor.decode(blankToNull(cursor)),
                null);
    }

    /** This search narrowed to one key's events ({@code accessKeyId} blank: unchanged). */
    AuditEventFilter forKey(String accessKeyId) {
        String key = SearchText.check("accessKeyId", blankToNull(accessKeyId));
        return new AuditEventFilter(userName, actor, action, outcome, from, to, limit, beforeId, key);
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static Instant instant(String name, String value) {
        if (blankToNull(value) == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException ex) {
            throw new InvalidInputException(
                    name + " must be an RFC 3339 instant such as 2026-11-28T06:45:08Z (an offset such as +01:00"
                            + " must be URL-encoded).");
        }
    }

    private static <E extends Enum<E>> E constant(String name, Class<E> type, String value) {
        if (blankToNull(value) == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException ex) {
            String allowed =
                    Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
            throw new InvalidInputException(name + " must be one of " + allowed + ".");
        }
    }

    private static int limit(String value) {
        if (blankToNull(value) == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException ex) {
            // answered below
        }
        throw new InvalidInputException("limit must be a whole number from 1 to " + MAX_LIMIT + ".");
    }
}
