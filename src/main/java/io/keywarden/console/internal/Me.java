package io.keywarden.console.internal;

import io.keywarden.security.Caller;
import io.keywarden.security.Role;

/**
 * The signed-in person as the pages need them: their name and which actions to offer. The same
 * roles gate the routes in {@link ConsoleSecurityConfiguration}, so a button a page leaves out is
 * also refused when posted by hand.
 */
record Me(String name, boolean mayRotate, boolean mayAdminister, boolean mayAudit) {

    static Me of(Caller caller) {
        boolean admin = caller.hasRole(Role.ADMIN);
        return new Me(
                caller.name(), admin || caller.hasRole(Role.ISSUER), admin, admin || caller.hasRole(Role.AUDITOR));
    }
}
