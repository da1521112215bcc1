package io.keywarden.console.internal;

import io.keywarden.identity.Caller;
import io.keywarden.identity.CurrentCaller;
import io.keywarden.identity.Role;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The signed-in person as the pages need them: their name as the audit log knows them, the name
 * people know them by (where the identity provider gave one), and which actions to offer. The same
 * roles gate the routes in {@link ConsoleSecurityConfiguration}, so a button a page leaves out is
 * also refused when posted by hand. {@code mayRotate} (ISSUER, ADMIN) also offers creating keys and
 * renewing leases, which the same roles may; {@code mayAdminister} also the ambiguous orphans and
 * bulk revocations.
 */
record Me(String name, String displayName, boolean mayRotate, boolean mayAdminister, boolean mayAudit) {

    /** For what the person may do, where the page does not show who they are. */
    static Me of(Caller caller) {
        return of(caller, null);
    }

    /** The person signed in for {@code request}, for pages that show them whether or not anyone is; else {@code null}. */
    static Me signedIn(HttpServletRequest request) {
        return CurrentCaller.of(request)
                .map(caller -> of(caller, caller.context().displayName()))
                .orElse(null);
    }

    static Me of(Caller caller, String displayName) {
        boolean admin = caller.hasRole(Role.ADMIN);
        return new Me(
                caller.name(),
                displayName,
                admin || caller.hasRole(Role.ISSUER),
                admin,
                admin || caller.hasRole(Role.AUDITOR));
    }
}
