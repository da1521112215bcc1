package io.keywarden.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * When the database lost what it had acknowledged, as the operator acknowledged it: for each
 * acknowledged loss, the span in which anything the database recorded may be gone. Upstream
 * reconciliation adopts the keys created upstream in such a span rather than calling them
 * unmanaged: most were delivered to callers with their secret.
 */
public interface LossWindows {

    /**
     * Every acknowledged loss's window, oldest first: from the recorded time of the last event both
     * histories agree on (the start of the audit history when none is known), less {@code
     * clockSkew}, to when the loss was found, plus {@code clockSkew}. The skew is the upstream's
     * clock's allowance, as issuance's orphan attribution widens an attempt's window.
     */
    List<LossWindow> acknowledged(Duration clockSkew);

    /**
     * @param lossId the loss the operator acknowledged
     * @param from the earliest upstream creation time of a key the loss may have dropped
     * @param to the latest
     */
    record LossWindow(long lossId, Instant from, Instant to) {

        /** Whether an upstream key created at {@code createdAt} falls in the window, ends included. */
        public boolean contains(Instant createdAt) {
            return createdAt != null && !createdAt.isBefore(from) && !createdAt.isAfter(to);
        }
    }
}
