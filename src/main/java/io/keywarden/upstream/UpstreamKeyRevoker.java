package io.keywarden.upstream;

import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The one routine that takes a key out of service upstream: disable it, then delete it. Both
 * steps are safe to repeat, and a step the upstream refuses or leaves unanswered still counts as
 * done when the user's keys, listed afresh, no longer hold the key: a key that is gone cannot be
 * used, whatever the failed call said.
 */
@Component
public class UpstreamKeyRevoker {

    private final UpstreamIamClient upstream;

    UpstreamKeyRevoker(UpstreamIamClient upstream) {
        this.upstream = upstream;
    }

    /** Disables and deletes the key; the outcome is the deletion's. */
    public UpstreamOutcome<Void> revoke(String userName, String accessKeyId, UpstreamKeyStatus status) {
        if (status != UpstreamKeyStatus.INACTIVE) {
            disable(userName, accessKeyId);
        }
        return delete(userName, accessKeyId);
    }

    public UpstreamOutcome<Void> disable(String userName, String accessKeyId) {
        return goneIfAbsent(
                userName, accessKeyId, upstream.updateAccessKeyStatus(accessKeyId, UpstreamKeyStatus.INACTIVE));
    }

    public UpstreamOutcome<Void> delete(String userName, String accessKeyId) {
        return goneIfAbsent(userName, accessKeyId, upstream.deleteAccessKey(accessKeyId));
    }

    private UpstreamOutcome<Void> goneIfAbsent(String userName, String accessKeyId, UpstreamOutcome<Void> step) {
        if (step.succeeded()) {
            return step;
        }
        UpstreamOutcome<List<UpstreamAccessKey>> listed = upstream.listAccessKeys(userName);
        if (listed.succeeded()
                && listed.value().stream().noneMatch(key -> key.accessKeyId().equals(accessKeyId))) {
            return new UpstreamOutcome.Success<>(null, step.requestId());
        }
        return step;
    }
}
