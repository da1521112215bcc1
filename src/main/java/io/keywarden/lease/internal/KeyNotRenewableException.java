package io.keywarden.lease.internal;

import io.keywarden.accesskey.AccessKeyStatus;
import io.keywarden.web.Refusal;

/** The key's lease cannot be renewed in its present state, which the answer (409) names; audited {@code INVALID}. */
class KeyNotRenewableException extends RuntimeException implements Refusal {

    private final String status;

    KeyNotRenewableException(String detail, AccessKeyStatus status) {
        super(detail, null, false, false);
        this.status = status.name();
    }

    String status() {
        return status;
    }

    @Override
    public Kind refusal() {
        return Kind.INVALID;
    }
}
