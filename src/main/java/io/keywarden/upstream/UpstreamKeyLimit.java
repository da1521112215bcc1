package io.keywarden.upstream;

/**
 * The upstream's per-user key limit as keywarden knows it: how many keys a user may hold
 * (deactivated ones count, deleted ones do not), and the RetCode with which the upstream refuses
 * a key over it. The limit lets a create be refused before the upstream is called; the RetCode
 * recognises the upstream's own refusal, which stays the final word (keys made outside keywarden
 * count too, and two creates may race for the last slot).
 *
 * @param maxKeysPerUser keys a user may hold, or 0 when keywarden does not check before calling
 * @param retCode the upstream's RetCode for a user who holds as many keys as it allows
 */
public record UpstreamKeyLimit(int maxKeysPerUser, int retCode) {

    /** Whether keywarden checks the limit before calling the upstream. */
    public boolean checked() {
        return maxKeysPerUser > 0;
    }

    /** Whether the upstream refused because the user holds as many keys as it allows. */
    public boolean refused(UpstreamOutcome<?> outcome) {
        return outcome.kind() == UpstreamOutcome.Kind.REJECTED
                && Integer.valueOf(retCode).equals(outcome.answeredRetCode());
    }
}
