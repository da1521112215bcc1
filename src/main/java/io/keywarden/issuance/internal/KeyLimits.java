package io.keywarden.issuance.internal;

import io.keywarden.accesskey.AccessKeyQueries;
import io.keywarden.issuance.KeyLimitReachedException;
import io.keywarden.upstream.UpstreamKeyLimit;
import org.springframework.stereotype.Component;

/**
 * The upstream's per-user key limit, checked as an attempt is claimed ({@link IssuanceClaims}),
 * before the upstream is called: the user's live keys in keywarden's records (ACTIVE, ROTATING and
 * INACTIVE: each holds a slot upstream until it is deleted) are counted, and a create or rotate
 * that would exceed the limit is refused. That count is a pre-check only: keys made outside
 * keywarden hold slots it cannot see, and concurrent creates race for the last one, so the
 * upstream's own refusal is recognised too and answered the same way ({@link UpstreamFailures}).
 * Either refusal says what frees a slot ({@link LiveKeys}).
 */
@Component
class KeyLimits {

    private final AccessKeyQueries keys;
    private final UpstreamKeyLimit limit;

    KeyLimits(AccessKeyQueries keys, UpstreamKeyLimit limit) {
        this.keys = keys;
        this.limit = limit;
    }

    /** Refuses the request when its user already holds as many live keys as the upstream allows. */
    void requireFreeSlot(IssueRequest request) {
        if (!limit.checked()) {
            return;
        }
        LiveKeys live = LiveKeys.of(request, keys.liveOfUser(request.userName(), limit.maxKeysPerUser()));
        if (live.count() >= limit.maxKeysPerUser()) {
            String detail = "User " + request.userName() + " already holds " + live.counted() + ", the upstream's limit"
                    + " of " + limit.maxKeysPerUser() + " per user; nothing was created. " + live.advice();
            throw new KeyLimitReachedException(
                    detail, request.userName(), limit.maxKeysPerUser(), live.keys(), limit.retCode(), null);
        }
    }
}
