package io.keywarden.console.internal;

import io.keywarden.platform.web.InvalidInputException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * A lease typed into a console form, as the API takes it: an ISO-8601 duration such as {@code
 * PT8H} or {@code P30D}, any case. Blank asks for no particular lease (the default, or the length
 * the key was granted); whether a lease is allowed is the lease policy's to say.
 */
final class LeaseInput {

    static final String TTL = "ttl";

    private LeaseInput() {}

    static Duration ttl(String typed) {
        if (typed == null || typed.isBlank()) {
            return null;
        }
        try {
            return Duration.parse(typed.strip().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException ex) {
            throw new InvalidInputException(
                    TTL, "The lease must be an ISO-8601 duration such as PT8H (8 hours) or P30D (30 days).");
        }
    }
}
