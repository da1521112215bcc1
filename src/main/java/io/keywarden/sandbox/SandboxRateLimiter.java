package io.keywarden.sandbox;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A sliding one-second window over all accepted requests. A fixed window aligned to clock seconds
 * would let twice the limit through around a second boundary and make tests depend on timing.
 */
final class SandboxRateLimiter {

    private final int maxPerSecond;
    private final Clock clock;
    private final Deque<Long> recent = new ArrayDeque<>();

    SandboxRateLimiter(int maxPerSecond, Clock clock) {
        this.maxPerSecond = maxPerSecond;
        this.clock = clock;
    }

    /** Whether one more request fits in the last second; it is counted if it does. */
    synchronized boolean tryAcquire() {
        if (maxPerSecond == 0) {
            return true;
        }
        long now = clock.millis();
        while (!recent.isEmpty() && recent.peekFirst() <= now - 1000) {
            recent.pollFirst();
        }
        if (recent.size() >= maxPerSecond) {
            return false;
        }
        recent.addLast(now);
        return true;
    }

    synchronized void clear() {
        recent.clear();
    }
}
