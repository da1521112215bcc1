package io.keywarden.security;

/**
 * A client asked to manage keys of a user outside its {@code user-names} scope. Answered with 403
 * at the edge and RetCode 9403 on the compat API.
 */
public class ScopeDeniedException extends RuntimeException {

    ScopeDeniedException(Caller caller, String userName) {
        super("Client " + caller.name() + " may not manage keys of " + userName + ".", null, false, false);
    }
}
