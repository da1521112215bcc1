package io.keywarden.lease.internal;

import io.keywarden.accesskey.AccessKeyStatus;

/** The key's lease cannot be renewed in its present state, which the answer (409) names. */
class KeyNotRenewableException extends RuntimeException {

    private final String status;

    KeyNotRenewableException(String detail, AccessKeyStatus status) {
        super(detail, null, false, false);
        this.status = status.name();
    }

    String status() {
        return status;
    }
}
