package io.keywarden.security;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One {@code user-names} glob of a client ({@code *} any run of characters, {@code ?} exactly one,
 * everything else itself), matched in Java or handed to SQL as a {@code LIKE} pattern. Both forms
 * come from here so that a name a client may manage in memory is exactly a name its database
 * searches return: {@code %}, {@code _} and {@code \} in a glob are literal, and the regular
 * expression matches any character, line breaks included, as {@code LIKE} does (whole code
 * points on both sides).
 *
 * @param glob the configured glob
 * @param regex the compiled regular expression of the same set of names
 */
public record UserNameGlob(String glob, Pattern regex) {

    /** The escape character of every pattern {@link #like} returns: use {@code LIKE ? ESCAPE '\'}. */
    public static final char LIKE_ESCAPE = '\\';

    public static UserNameGlob of(String glob) {
        StringBuilder regex = new StringBuilder();
        glob.codePoints().forEach(c -> {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(Character.toString(c)));
            }
        });
        return new UserNameGlob(glob, Pattern.compile(regex.toString(), Pattern.DOTALL));
    }

    /** The {@code LIKE} pattern (escape character {@code \}) that matches the names {@code glob} matches. */
    public static String like(String glob) {
        StringBuilder like = new StringBuilder(glob.length() + 8);
        glob.codePoints().forEach(c -> {
            switch (c) {
                case '*' -> like.append('%');
                case '?' -> like.append('_');
                case '%', '_', LIKE_ESCAPE -> like.append(LIKE_ESCAPE).appendCodePoint(c);
                default -> like.appendCodePoint(c);
            }
        });
        return like.toString();
    }

    /**
     * The range of names an index in byte order ({@code varchar_pattern_ops}) reads to find the
     * names {@code like} matches, itself a {@code LIKE} pattern (escape {@code \}): every name
     * that starts with the pattern's literal beginning, the characters before its first wildcard
     * ({@code team-%} for {@code team-%-ci}, {@code a\_c%} for {@code a\_c-_}), or the pattern
     * itself when it has no wildcard. Empty when it begins with a wildcard: no range serves it.
     * Every name the pattern matches lies in the range, and every name in the range matches the
     * range's pattern, so a database reading it scans nothing it then throws away.
     */
    public static Optional<String> likeRange(String like) {
        StringBuilder literal = new StringBuilder(like.length() + 1);
        for (int i = 0; i < like.length(); i++) {
            char c = like.charAt(i);
            if (c == LIKE_ESCAPE && i + 1 < like.length()) {
                literal.append(c).append(like.charAt(++i));
            } else if (c == '%' || c == '_') {
                return literal.isEmpty()
                        ? Optional.empty()
                        : Optional.of(literal.append('%').toString());
            } else {
                literal.append(c);
            }
        }
        return Optional.of(like);
    }

    public boolean matches(String userName) {
        return userName != null && regex.matcher(userName).matches();
    }

    /** This glob's {@code LIKE} pattern. */
    public String like() {
        return like(glob);
    }

    /** Whether every name matches: a glob of nothing but {@code *}. */
    public boolean matchesEveryName() {
        return !glob.isEmpty() && glob.chars().allMatch(c -> c == '*');
    }

    @Override
    public String toString() {
        return glob;
    }
}
