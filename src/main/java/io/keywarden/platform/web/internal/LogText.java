package io.keywarden.platform.web.internal;

/**
 * Makes caller-controlled text safe for a one-line log: CR, LF, tab, other control characters,
 * backslashes and spaces are written as escapes, so nothing a caller sends can end a line, start a
 * forged one, or split a {@code key=value} field.
 */
public final class LogText {

    private LogText() {}

    public static String escape(String text) {
        if (text == null || text.isEmpty()) {
            return "-";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = replacement(c);
            if (replacement != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }

    private static String replacement(char c) {
        return switch (c) {
            case '\r' -> "\\r";
            case '\n' -> "\\n";
            case '\t' -> "\\t";
            case '\\' -> "\\\\";
            case ' ' -> "\\x20";
            default ->
                Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? String.format("\\u%04x", (int) c) : null;
        };
    }
}
