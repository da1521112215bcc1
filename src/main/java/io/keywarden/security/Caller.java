package io.keywarden.security;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An authenticated client: its name (the audit actor), its roles and the user names it may
 * manage. ADMIN manages every user; others only the users their glob patterns match.
 */
public record Caller(String name, Set<Role> roles, UserNameScope scope) {

    public boolean hasRole(Role role) {
        return roles.contains(role);
    }

    /** Whether this caller may create, rotate or read keys of {@code userName}. */
    public boolean mayManage(String userName) {
        return hasRole(Role.ADMIN) || scope.matches(userName);
    }

    /**
     * The {@code LIKE} patterns (escape {@value UserNameScope#LIKE_ESCAPE}) of the users this caller
     * may manage, for queries that filter in the database; empty when it manages every user (ADMIN).
     */
    public Optional<List<String>> userNameLikePatterns() {
        return hasRole(Role.ADMIN) ? Optional.empty() : Optional.of(scope.likePatterns());
    }

    @Override
    public String toString() {
        return name;
    }
}
