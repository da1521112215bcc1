package io.keywarden.identity;

import io.keywarden.platform.reads.LikePattern;
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
    public static final char LIKE_ESCAPE = LikePattern.ESCAPE;

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
