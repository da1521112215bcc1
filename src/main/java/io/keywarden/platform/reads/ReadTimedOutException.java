package io.keywarden.platform.reads;

import java.time.Duration;

/** A search the database cancelled at its statement timeout. Answered with 503 and {@code Retry-After}. */
public class ReadTimedOutException extends RuntimeException {

    /** How long a caller should wait before searching again. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    ReadTimedOutException(String detail) {
        super(detail, null, false, false);
    }
}
