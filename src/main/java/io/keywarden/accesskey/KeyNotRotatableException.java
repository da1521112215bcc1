package io.keywarden.accesskey;

/** The key cannot be replaced now (not ACTIVE, or another rotation is replacing it); nothing was stored. Answered with 409. */
public class KeyNotRotatableException extends RuntimeException {

    public KeyNotRotatableException(String detail) {
        super(detail, null, false, false);
    }
}
