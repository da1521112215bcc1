package io.keywarden.identity;

import io.keywarden.platform.web.RequestContext;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An authenticated client: its name (the audit actor), its roles and the user names it may
 * manage. ADMIN manages every user; others only the users their globs match. A caller is
 * unscoped when it is ADMIN or one of its globs is made of {@code *} alone: only such a caller
 * sees what concerns no user at all (audit events without a user name). A caller acting in a
 * request carries that request's context (its id, address and token), so whatever it does is
 * audited with it.
 *
 * @param context the request the caller is acting in, or {@link RequestContext#NONE}
 */
public record Caller(String name, Set<Role> roles, List<UserNameGlob> userNames, RequestContext context) {

    /** A caller as signed in, before it acts in any request. */
    public Caller(String name, Set<Role> roles, List<UserNameGlob> userNames) {
        this(name, roles, userNames, RequestContext.NONE);
    }

    /** This caller, acting in the request of {@code context}. */
    public Caller in(RequestContext context) {
        return new Caller(name, roles, userNames, context);
    }

    public boolean hasRole(Role role) {
        return roles.contains(role);
    }

    /** Whether this caller may create, rotate or read keys of {@code userName}. */
    public boolean mayManage(String userName) {
        if (hasRole(Role.ADMIN)) {
            return true;
        }
        return userNames.stream().anyMatch(glob -> glob.matches(userName));
    }

    /** Refuses with {@link ScopeDeniedException} unless this caller may manage keys of {@code userName}. */
    public void requireMayManage(String userName) {
        if (!mayManage(userName)) {
            throw new ScopeDeniedException(this, userName);
        }
    }

    /** Whether this caller's scope is every user name: ADMIN, or a glob of {@code *} alone. */
    public boolean unscoped() {
        return hasRole(Role.ADMIN) || userNames.stream().anyMatch(UserNameGlob::matchesEveryName);
    }

    /**
     * The {@code LIKE} patterns (escape {@value UserNameGlob#LIKE_ESCAPE}) of the users this caller
     * may manage, for queries that filter in the database; empty when it manages every user.
     */
    public Optional<List<String>> userNameLikePatterns() {
        return unscoped()
                ? Optional.empty()
                : Optional.of(userNames.stream().map(UserNameGlob::like).toList());
    }

    @Override
    public String toString() {
        return name;
    }
}
