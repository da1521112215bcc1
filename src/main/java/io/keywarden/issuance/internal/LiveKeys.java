package io.keywarden.issuance.internal;

import io.keywarden.accesskey.AccessKeyStatus;
import io.keywarden.accesskey.AccessKeyView;
import java.util.List;

/**
 * A user's live keys as a refusal over the upstream's key limit names them: those in the caller's
 * scope (which covers the user, or the request was refused before), with what frees a slot. Both
 * refusals say it alike: keywarden's own count before the upstream is called ({@link KeyLimits}),
 * and the upstream's refusal after ({@link UpstreamFailures}).
 *
 * @param kind what the refused request was: a rotation needs a slot beside the key it replaces
 * @param keys the user's live keys the caller may see
 */
record LiveKeys(IssuanceKind kind, List<AccessKeyView> keys) {

    static LiveKeys of(IssueRequest request, List<AccessKeyView> liveOfUser) {
        return new LiveKeys(
                request.kind(),
                liveOfUser.stream()
                        .filter(key -> request.caller().mayManage(key.userName()))
                        .toList());
    }

    int count() {
        return keys.size();
    }

    /** "1 live key", "2 live keys". */
    String counted() {
        return keys.size() + " live " + (keys.size() == 1 ? "key" : "keys");
    }

    /** What the caller can do to free a slot, and when a ROTATING key frees its own. */
    String advice() {
        StringBuilder advice = new StringBuilder();
        if (kind == IssuanceKind.ROTATE) {
            advice.append("A rotation creates the successor beside the old key, so it needs a free slot:"
                    + " disable and delete one of the user's other keys first, then rotate again.");
        } else {
            advice.append("Disable and delete a key the user no longer needs first, then create again.");
        }
        for (AccessKeyView key : keys) {
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
}
