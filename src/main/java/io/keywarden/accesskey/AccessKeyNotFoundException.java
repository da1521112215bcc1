package io.keywarden.accesskey;

import io.keywarden.platform.web.Refusal;

/**
 * No key of that id is known to keywarden, or none is visible to the client asking. Answered with
 * 404 either way, so a caller cannot learn which keys exist beyond its users; only the audit of
 * the refusal tells the two apart ({@link #outOfScope()}).
 */
public class AccessKeyNotFoundException extends RuntimeException implements Refusal {

    private final boolean outOfScope;

    public AccessKeyNotFoundException(String detail) {
        this(detail, false);
    }

    AccessKeyNotFoundException(String detail, boolean outOfScope) {
        super(detail, null, false, false);
        this.outOfScope = outOfScope;
    }

    /** Whether the key exists but lies outside the caller's scope: a refusal by scope, audited {@code DENIED}. */
    public boolean outOfScope() {
        return outOfScope;
    }

    @Override
    public Kind refusal() {
        return outOfScope ? Kind.DENIED : Kind.INVALID;
    }
}
