package io.keywarden.platform.web;

/**
 * Caller-controlled text made fit to echo in an answer or keep in the audit log: every character
 * outside printable ASCII becomes {@code ?}, and text longer than the limit is cut, marked
 * {@code ...}, so nothing a caller sends can smuggle control characters or unbounded text.
 */
public final class PrintableText {

    private PrintableText() {}

    /** The printable form of {@code value}, at most {@code max} characters before the mark; {@code null} stays {@code null}. */
    public static String of(String value, int max) {
        if (value == null) {
            return null;
        }
        String cleaned = value.replaceAll("[^\\x20-\\x7e]", "?");
        return cleaned.length() > max ? cleaned.substring(0, max) + "..." : cleaned;
    }
}
