package io.keywarden.sandbox;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes durations the way the configuration spells them ({@code 200ms}, {@code 2s},
 * {@code 1m}, a bare number of milliseconds, or ISO-8601), without Spring, so the fault API and the
 * standalone command line accept what {@code application.yml} accepts.
 */
final class SandboxDurations {

    private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m)?");

    private SandboxDurations() {}

    static Duration parse(String text, String name) {
        String trimmed = text.trim();
        Matcher simple = SIMPLE.matcher(trimmed);
        if (simple.matches()) {
            long amount = Long.parseLong(simple.group(1));
            String unit = simple.group(2) == null ? "ms" : simple.group(2);
            return switch (unit) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofMillis(amount);
            };
        }
        try {
            return Duration.parse(trimmed);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be a duration like 200ms, 2s or PT2S: " + text, e);
        }
    }

    static String format(Duration duration) {
        return duration.toMillis() + "ms";
    }
}
