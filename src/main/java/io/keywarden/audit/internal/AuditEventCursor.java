package io.keywarden.audit.internal;

import io.keywarden.platform.web.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque position of a page in the newest-first audit search: the id of the last event the
 * caller has seen. Pages continue strictly below it, so events appended meanwhile (which only
 * ever get higher ids) never shift or repeat a page.
 */
final class AuditEventCursor {

    private static final String PREFIX = "audit-before:";

    private AuditEventCursor() {}

    static String encode(long lastSeenId) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((PREFIX + lastSeenId).getBytes(StandardCharsets.US_ASCII));
    }

    /** The id pages continue below, or {@code null} for the first page. */
    static Long decode(String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (text.startsWith(PREFIX) && text.length() <= PREFIX.length() + 19) {
                long id = Long.parseLong(text.substring(PREFIX.length()));
                if (id > 0) {
                    return id;
                }
            }
        } catch (IllegalArgumentException ex) {
            // answered below
        }
        throw new InvalidInputException("cursor is not a cursor this API returned.");
    }
}
