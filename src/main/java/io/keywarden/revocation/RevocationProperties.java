package io.keywarden.revocation;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How bulk revocations are carried out ({@code keywarden.revocations}).
 *
 * @param batchSize keys read and handled per batch
 * @param keysPerRun keys one worker run handles at most, so that at the upstream's rate limit a run
 *     ends well within its job lock
 * @param claimLease how long an instance's claim on a revocation lasts without being renewed: after
 *     a crash, another instance (or the restarted one) carries the revocation on this much later
 * @param retryBackoff the wait before a failed key is tried again, doubled on each failure
 * @param maxBackoff the longest such wait
 * @param maxAttempts after this many failures a key is given up, with its reason
 */
@Validated
@ConfigurationProperties("keywarden.revocations")
record RevocationProperties(
        @Min(1) @DefaultValue("50") int batchSize,
        @Min(1) @DefaultValue("200") int keysPerRun,
        @NotNull @DefaultValue("1m") Duration claimLease,
        @NotNull @DefaultValue("10s") Duration retryBackoff,
        @NotNull @DefaultValue("5m") Duration maxBackoff,
        @Min(1) @DefaultValue("20") int maxAttempts) {

    RevocationProperties {
        requirePositive("keywarden.revocations.claim-lease", claimLease);
        requirePositive("keywarden.revocations.retry-backoff", retryBackoff);
        requirePositive("keywarden.revocations.max-backoff", maxBackoff);
    }

    /** The wait after a key's {@code attempts}-th failure. */
    Duration backoffAfter(int attempts) {
        Duration wait = retryBackoff;
        for (int i = 1; i < attempts && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    private static void requirePositive(String property, Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw new IllegalArgumentException(property + " must be a positive duration, not " + value);
        }
    }
}
