package io.keywarden.accesskey;

import io.keywarden.platform.web.Refusal;

/**
 * The key cannot be replaced now (not ACTIVE, or another rotation is replacing it); nothing was
 * stored. Answered with 409, audited {@code INVALID} with the key.
 */
public class KeyNotRotatableException extends RuntimeException implements Refusal {

    public KeyNotRotatableException(String detail) {
        super(detail, null, false, false);
    }

    @Override
    public Kind refusal() {
        return Kind.INVALID;
    }
}
