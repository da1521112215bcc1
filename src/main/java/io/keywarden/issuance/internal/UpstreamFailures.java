package io.keywarden.issuance.internal;

import io.keywarden.accesskey.AccessKeyQueries;
import io.keywarden.issuance.KeyLimitReachedException;
import io.keywarden.upstream.UpstreamKeyLimit;
import io.keywarden.upstream.UpstreamOutcome;
import org.springframework.stereotype.Component;

/**
 * What a caller is told when the upstream did not create its key. The upstream's own refusal over
 * its per-user key limit is answered like keywarden's count before the call ({@link KeyLimits}):
 * key-limit-reached, naming the user's live keys and what frees a slot, and saying why the count
 * did not foresee it. Any other failure is the upstream's, saying whether a key may exist.
 */
@Component
class UpstreamFailures {

    private static final String NOTHING_CREATED = "nothing was created";
    private static final String KEY_MAY_EXIST = "a key may or may not exist. Retry with the same Idempotency-Key:"
            + " keywarden settles the earlier attempt first.";

    /** At most this many keys are named in a refusal the upstream decided. */
    private static final int NAMED_AT_MOST = 20;

    private final AccessKeyQueries keys;
    private final UpstreamKeyLimit limit;

    UpstreamFailures(AccessKeyQueries keys, UpstreamKeyLimit limit) {
        this.keys = keys;
        this.limit = limit;
    }

    /** The exception to answer an attempt whose upstream call did not succeed with. */
    RuntimeException answer(IssueRequest request, UpstreamOutcome<?> outcome) {
        if (limit.refused(outcome)) {
            return keyLimitReached(request, outcome);
        }
        return outcome.failure(NOTHING_CREATED, KEY_MAY_EXIST);
    }

    private KeyLimitReachedException keyLimitReached(IssueRequest request, UpstreamOutcome<?> outcome) {
        LiveKeys live = LiveKeys.of(
                request, keys.liveOfUser(request.userName(), Math.max(limit.maxKeysPerUser(), NAMED_AT_MOST)));
        String detail = "The upstream refused a new key for " + request.userName() + ": the user holds as many keys"
                + " as it allows (RetCode " + outcome.answeredRetCode() + "). Keywarden records " + live.counted()
                + " of the user; keys made outside keywarden (reported UNMANAGED by the upstream-reconciliation job)"
                + " or by a request running at the same time hold slots too. Nothing was created. " + live.advice();
        return new KeyLimitReachedException(
                detail,
                request.userName(),
                limit.checked() ? limit.maxKeysPerUser() : null,
                live.keys(),
                outcome.answeredRetCode(),
                new KeyLimitReachedException.Upstream(outcome.reason(), outcome.requestId()));
    }
}
