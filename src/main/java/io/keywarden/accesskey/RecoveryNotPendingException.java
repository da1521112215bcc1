package io.keywarden.accesskey;

import io.keywarden.platform.web.Refusal;

/**
 * A review of a key that awaits none: keywarden issued it (it was not recovered after a loss), an
 * operator reviewed it already, or it is deleted. Answered with 409, audited {@code INVALID}.
 */
public class RecoveryNotPendingException extends RuntimeException implements Refusal {

    private final String userName;

    public RecoveryNotPendingException(String accessKeyId, String userName, KeyRecovery recovery) {
        super(
                recovery == null
                        ? "Access key " + accessKeyId + " was not recovered after a loss: there is nothing to review."
                        : recovery.reviewed()
                                ? "Access key " + accessKeyId + " was reviewed already, by " + recovery.reviewedBy()
                                        + " at " + recovery.reviewedAt() + "."
                                : "Access key " + accessKeyId + " is deleted: there is nothing left to review.",
                null,
                false,
                false);
        this.userName = userName;
    }

    @Override
    public Kind refusal() {
        return Kind.INVALID;
    }

    @Override
    public String refusedUserName() {
        return userName;
    }
}
