package io.keywarden.console.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Component;

/** Times as the pages show them: to the second, in UTC, which the audit search's form also takes. */
@Component("consoleTimes")
class ConsoleTimes {

    private static final DateTimeFormatter SHOWN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    public String of(Instant instant) {
        return shown(instant);
    }

    /** The same, for a controller's words. */
    static String shown(Instant instant) {
        return instant == null ? "" : SHOWN.format(instant);
    }
}
