package io.keywarden.issuance.internal;

import io.keywarden.upstream.UpstreamAccessKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Decides which unrecorded key upstream, if any, a lost attempt created. The upstream takes only
 * the user's name on CreateAccessKey, so nothing in a key names the attempt that made it: the only
 * evidence is its creation time (Unix seconds, on the upstream's clock). A key is attributed only
 * when it is the one unrecorded key since the attempt's window opened, lies inside that window,
 * and no other unsettled attempt of keywarden for the user could have made it; anything else is
 * ambiguous and is left for an operator, because revoking a key someone made by hand is worse
 * than keeping one nobody holds for a while.
 */
final class OrphanAttribution {

    private OrphanAttribution() {}

    /**
     * The attempt's own window, widened by the allowed clock difference on both sides: from just
     * before its request was sent to the moment its outcome became unknown. The start is cut to
     * the second, because the upstream stamps keys in whole seconds.
     */
    record Window(Instant from, Instant to) {

        static Window of(Instant startedAt, Instant endsAt, Duration clockSkew) {
            return new Window(startedAt.minus(clockSkew).truncatedTo(ChronoUnit.SECONDS), endsAt.plus(clockSkew));
        }

        boolean contains(Instant createdAt) {
            return !createdAt.isBefore(from) && !createdAt.isAfter(to);
        }
    }

    /** What to do about a lost attempt's unrecorded keys. */
    sealed interface Decision {}

    /** No unrecorded key since the window opened: the attempt created none. */
    record NothingToRevoke() implements Decision {}

    /** Exactly one key, certainly the attempt's. */
    record Revoke(UpstreamAccessKey key) implements Decision {}

    /** Keys that may or may not be the attempt's: revoke none, report them. */
    record Ambiguous(List<UpstreamAccessKey> candidates, String reason) implements Decision {}

    /**
     * @param unrecorded the user's keys upstream that keywarden has no record of, created at or
     *     after the window opened
     * @param otherAttemptOverlaps whether another unsettled attempt for the user overlaps the window
     */
    static Decision decide(Window window, List<UpstreamAccessKey> unrecorded, boolean otherAttemptOverlaps) {
        if (unrecorded.isEmpty()) {
            return new NothingToRevoke();
        }
        if (unrecorded.size() > 1) {
            return new Ambiguous(
                    unrecorded, unrecorded.size() + " unrecorded keys were created since the attempt started");
        }
        UpstreamAccessKey only = unrecorded.get(0);
        if (!window.contains(only.createdAt())) {
            return new Ambiguous(
                    unrecorded, "the only unrecorded key was created after the attempt's window " + window.to());
        }
        if (otherAttemptOverlaps) {
            return new Ambiguous(unrecorded, "another unsettled attempt for the user overlaps the attempt's window");
        }
        return new Revoke(only);
    }
}
