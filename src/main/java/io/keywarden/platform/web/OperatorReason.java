package io.keywarden.platform.web;

/**
 * The reason or ticket an operator may give for an action on keys (disable, delete, the
 * resolution of an ambiguous orphan report), kept in the action's audit event. It is free text,
 * any script, but printable: no control, formatting (bidirectional overrides, zero-width
 * characters), separator or unassigned characters, and no lone surrogate, so what the audit log
 * shows is what was typed. At most {@value #MAX_LENGTH} characters, so it fits whole in the
 * event's detail beside what the event says already. Blank is no reason at all.
 */
public final class OperatorReason {

    /** The parameter's name, in a form, a query and a JSON body alike. */
    public static final String PARAMETER = "reason";

    public static final int MAX_LENGTH = 300;

    private OperatorReason() {}

    /**
     * The reason without its surrounding blanks, or {@code null} when none was given.
     *
     * @throws InvalidInputException naming {@value #PARAMETER} when it is too long or not printable
     */
    public static String optional(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String reason = value.strip();
        if (reason.length() > MAX_LENGTH || !reason.codePoints().allMatch(OperatorReason::printable)) {
            throw new InvalidInputException(
                    PARAMETER,
                    PARAMETER + " must be at most " + MAX_LENGTH
                            + " characters of printable text (no control or formatting characters).");
        }
        return reason;
    }

    private static boolean printable(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.SURROGATE,
                    Character.UNASSIGNED,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR,
                    Character.PRIVATE_USE -> false;
            default -> true;
        };
    }
}
