package io.keywarden.identity;

import io.keywarden.platform.web.Refusal;

/**
 * A client asked to manage keys of a user outside its {@code user-names} scope. Answered with 403
 * at the edge and RetCode 9403 on the compat API, audited {@code DENIED} with the user.
 */
public class ScopeDeniedException extends RuntimeException implements Refusal {

    private final String userName;

    ScopeDeniedException(Caller caller, String userName) {
        super("Client " + caller.name() + " may not manage keys of " + userName + ".", null, false, false);
        this.userName = userName;
    }

    @Override
    public Kind refusal() {
        return Kind.DENIED;
    }

    @Override
    public String refusedUserName() {
        return userName;
    }
}
