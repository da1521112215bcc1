package io.keywarden.accesskey;

/** The key's lease cannot be renewed in its present state, which the answer (409) names. */
public class KeyNotRenewableException extends RuntimeException {

    private final AccessKeyStatus status;

    public KeyNotRenewableException(String detail, AccessKeyStatus status) {
        super(detail, null, false, false);
        this.status = status;
    }

    /** The state the key is in, which does not allow a renewal. */
    public AccessKeyStatus status() {
        return status;
    }
}
