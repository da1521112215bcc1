package io.keywarden.issuance.internal;

import io.keywarden.accesskey.AccessKeyQueries;
import io.keywarden.accesskey.AccessKeyStatus;
import io.keywarden.accesskey.AccessKeyView;
import io.keywarden.issuance.KeyLimitReachedException;
import io.keywarden.upstream.UpstreamKeyLimit;
import io.keywarden.upstream.UpstreamOutcome;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The upstream's per-user key limit on the create protocol's path. Before the upstream is called,
 * the user's live keys in keywarden's records (ACTIVE, ROTATING and INACTIVE: each holds a slot
 * upstream until it is deleted) are counted, and a create or rotate that would exceed the limit
 * is refused. That count is a pre-check only: keys made outside keywarden hold slots it cannot
 * see, and concurrent creates race for the last one, so the upstream's own refusal is recognised
 * too and answered the same way. Either refusal says what frees a slot.
 */
@Component
class KeyLimits {

    /** At most this many keys are named in a refusal the upstream decided. */
    private static final int NAMED_AT_MOST = 20;

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
        List<AccessKeyView> live = visible(request, limit.maxKeysPerUser());
        if (live.size() >= limit.maxKeysPerUser()) {
            String detail = "User " + request.userName() + " already holds " + live.size() + " live "
                    + keys(live.size()) + ", the upstream's limit of " + limit.maxKeysPerUser()
                    + " per user; nothing was created. " + advice(request, live);
            throw new KeyLimitReachedException(
                    detail, request.userName(), limit.maxKeysPerUser(), live, limit.retCode(), null);
        }
    }

    /** Whether the upstream refused the key because its user holds as many keys as it allows. */
    boolean refusedUpstream(UpstreamOutcome<?> outcome) {
        return limit.refused(outcome);
    }

    /** The refusal to answer when the upstream itself refused the key over its limit. */
    KeyLimitReachedException upstreamRefusal(IssueRequest request, UpstreamOutcome<?> outcome) {
        List<AccessKeyView> live = visible(request, Math.max(limit.maxKeysPerUser(), NAMED_AT_MOST));
        String detail = "The upstream refused a new key for " + request.userName() + ": the user holds as many keys"
                + " as it allows (RetCode " + outcome.answeredRetCode() + "). Keywarden records " + live.size()
                + " live " + keys(live.size()) + " of the user; keys made outside keywarden (reported UNMANAGED"
                + " by the upstream-reconciliation job) or by a request running at the same time hold slots too."
                + " Nothing was created. " + advice(request, live);
        return new KeyLimitReachedException(
                detail,
                request.userName(),
                limit.checked() ? limit.maxKeysPerUser() : null,
                live,
                outcome.answeredRetCode(),
                new KeyLimitReachedException.Upstream(outcome.reason(), outcome.requestId()));
    }

    /** The user's live keys; the caller's scope covers the user, or the request was refused before. */
    private List<AccessKeyView> visible(IssueRequest request, int atMost) {
        return keys.liveOfUser(request.userName(), atMost).stream()
                .filter(key -> request.caller().mayManage(key.userName()))
                .toList();
    }

    private static String advice(IssueRequest request, List<AccessKeyView> live) {
        StringBuilder advice = new StringBuilder();
        if (request.kind() == IssuanceKind.ROTATE) {
            advice.append("A rotation creates the successor beside the old key, so it needs a free slot:"
                    + " disable and delete one of the user's other keys first, then rotate again.");
        } else {
            advice.append("Disable and delete a key the user no longer needs first, then create again.");
        }
        for (AccessKeyView key : live) {
            if (key.status() == AccessKeyStatus.ROTATING && key.retireAt() != null) {
                advice.append(" Key ")
                        .append(key.accessKeyId())
                        .append(" is ROTATING: it frees its slot when its grace period ends at ")
                        .append(key.retireAt())
                        .append(" and the key-retirement job deletes it.");
            }
        }
        return advice.toString();
    }

    private static String keys(int count) {
        return count == 1 ? "key" : "keys";
    }
}
