package io.keywarden.rotation;

import io.keywarden.platform.web.Refusal;

/**
 * A fetch or acknowledgement of an automatic rotation's sealed secret refused before anything
 * changed: the key has none ({@link Reason#NONE}, 404), the caller is not the client it was
 * issued to ({@link Reason#NOT_ITS_CLIENT}, 403) or it was acknowledged already and is gone
 * ({@link Reason#ACKNOWLEDGED}, 410). The edge audits it with the key.
 */
class SealedSuccessorRefusedException extends RuntimeException implements Refusal {

    /** Why it was refused. */
    enum Reason {
        NONE,
        NOT_ITS_CLIENT,
        ACKNOWLEDGED
    }

    private final Reason reason;
    private final String userName;

    SealedSuccessorRefusedException(Reason reason, String userName, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
        this.userName = userName;
    }

    Reason reason() {
        return reason;
    }

    @Override
    public Kind refusal() {
        return reason == Reason.NOT_ITS_CLIENT ? Kind.DENIED : Kind.INVALID;
    }

    @Override
    public String refusedUserName() {
        return userName;
    }
}
