package io.keywarden.security;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An authenticated client: its name (the audit actor), its roles and the user names it may
 * manage. ADMIN manages every user; others only the users their glob patterns match.
 */
public record Caller(String name, Set<Role> roles, List<Pattern> userNamePatterns) {

    public boolean hasRole(Role role) {
        return roles.contains(role);
    }

    /** Whether this caller may create, rotate or read keys of {@code userName}. */
    public boolean mayManage(String userName) {
        if (hasRole(Role.ADMIN)) {
            return true;
        }
        return userNamePatterns.stream().anyMatch(p -> p.matcher(userName).matches());
    }

    /** Requires this caller may manage keys of {@code userName}, or throws {@link ScopeDeniedException}. */
    public void requireMayManage(String userName) {
        if (!mayManage(userName)) {
            throw new ScopeDeniedException(this, userName);
        }
    }

    public static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    @Override
    public String toString() {
        return name;
    }
}
