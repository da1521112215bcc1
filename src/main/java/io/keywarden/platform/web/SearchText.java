package io.keywarden.platform.web;

/**
 * Free text a caller searches by (a user name, an actor): any text may simply find nothing, but
 * control characters cannot be stored in PostgreSQL text at all (NUL is refused outright), so a
 * value holding one is a 400, never a database error.
 */
public final class SearchText {

    private static final int MAX_LENGTH = 255;

    private SearchText() {}

    public static String check(String parameter, String value) {
        if (value == null) {
            return null;
        }
        if (value.length() > MAX_LENGTH || value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException(
                    parameter,
                    parameter + " must be at most " + MAX_LENGTH + " characters without control characters.");
        }
        return value;
    }
}
