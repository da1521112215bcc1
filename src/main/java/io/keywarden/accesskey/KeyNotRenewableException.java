package io.keywarden.accesskey;

import io.keywarden.platform.web.Refusal;

/** The key's lease cannot be renewed in its present state, which the answer (409) names; audited {@code INVALID}. */
public class KeyNotRenewableException extends RuntimeException implements Refusal {

    private final AccessKeyStatus status;

    public KeyNotRenewableException(String detail, AccessKeyStatus status) {
        super(detail, null, false, false);
        this.status = status;
    }

    /** The state the key is in, which does not allow a renewal. */
    public AccessKeyStatus status() {
        return status;
    }

    @Override
    public Kind refusal() {
        return Kind.INVALID;
    }
}
