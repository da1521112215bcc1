package io.keywarden.platform.reads;

import java.util.Optional;

/**
 * SQL {@code LIKE} patterns as the scoped searches use them, with {@code \} as the escape
 * character, and the index range that serves one.
 */
public final class LikePattern {

    /** The escape character of every pattern: use {@code LIKE ? ESCAPE '\'}. */
    public static final char ESCAPE = '\\';

    private LikePattern() {}

    /**
     * The range of names an index in byte order ({@code varchar_pattern_ops}) reads to find the
     * names {@code like} matches, itself a {@code LIKE} pattern (escape {@code \}): every name
     * that starts with the pattern's literal beginning, the characters before its first wildcard
     * ({@code team-%} for {@code team-%-ci}, {@code a\_c%} for {@code a\_c-_}), or the pattern
     * itself when it has no wildcard. Empty when it begins with a wildcard: no range serves it.
     * Every name the pattern matches lies in the range, and every name in the range matches the
     * range's pattern, so a database reading it scans nothing it then throws away.
     */
    public static Optional<String> range(String like) {
        StringBuilder literal = new StringBuilder(like.length() + 1);
        for (int i = 0; i < like.length(); i++) {
            char c = like.charAt(i);
            if (c == ESCAPE && i + 1 < like.length()) {
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
}
