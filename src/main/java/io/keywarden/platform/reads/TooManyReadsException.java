package io.keywarden.platform.reads;

import java.time.Duration;

/** A search refused because as many as may run at once are running. Answered with 503 and {@code Retry-After}. */
public class TooManyReadsException extends RuntimeException {

    /** How long a caller should wait before searching again. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    TooManyReadsException(String detail) {
        super(detail, null, false, false);
    }
}
