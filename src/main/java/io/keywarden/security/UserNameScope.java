package io.keywarden.security;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The user names a client may manage, as its configured globs ({@code *} any run of characters,
 * {@code ?} exactly one, everything else literal). The same globs are matched in Java, for one
 * name, and handed to the database as {@code LIKE} patterns, for listing; both translations are
 * written here side by side so they cannot drift apart, and a property test holds them equal.
 */
public final class UserNameScope {

    /** The escape character of every pattern {@link #likePatterns()} returns. */
    public static final char LIKE_ESCAPE = '\\';

    private final List<String> globs;
    private final List<Pattern> patterns;

    UserNameScope(List<String> globs) {
        this.globs = List.copyOf(globs);
        this.patterns = this.globs.stream().map(UserNameScope::regex).toList();
    }

    boolean matches(String userName) {
        return patterns.stream().anyMatch(p -> p.matcher(userName).matches());
    }

    /**
     * One {@code LIKE ... ESCAPE '\'} pattern per glob: a name is in scope when it matches any of
     * them. Empty when the client has no globs, so it sees nobody.
     */
    public List<String> likePatterns() {
        return globs.stream().map(UserNameScope::like).toList();
    }

    /** DOTALL: {@code LIKE}'s wildcards match line terminators too, so the Java side does as well. */
    static Pattern regex(String glob) {
        StringBuilder regex = new StringBuilder();
        glob.codePoints().forEach(c -> {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(Character.toString(c)));
            }
        });
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    static String like(String glob) {
        StringBuilder like = new StringBuilder();
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
}
