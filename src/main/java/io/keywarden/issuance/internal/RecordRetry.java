package io.keywarden.issuance.internal;

import java.util.function.Supplier;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Retries the recording of a created key a few times over a short while: the secret exists only
 * in memory until that commit succeeds, so a database hiccup should not cost the key.
 */
@Component
public class RecordRetry {

    private static final int ATTEMPTS = 3;
    private static final long FIRST_PAUSE_MILLIS = 100;

    public <T> T run(Supplier<T> record) {
        long pause = FIRST_PAUSE_MILLIS;
        for (int attempt = 1; ; attempt++) {
            try {
                return record.get();
            } catch (TransientDataAccessException | CannotCreateTransactionException ex) {
                if (attempt == ATTEMPTS) {
                    throw ex;
                }
                sleep(pause);
                pause *= 2;
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new CannotCreateTransactionException("interrupted while waiting to retry", ex);
        }
    }
}
