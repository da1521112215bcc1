package io.keywarden.console.internal;

import java.time.Duration;

/** Durations in the words an operator reads them in: "every 5 minutes", "in about 2 hours". */
final class Intervals {

    private static final long MINUTE = 60;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;

    private Intervals() {}

    /** How often a job runs: in the largest whole unit that states it exactly ("every 90 seconds"). */
    static String every(Duration interval) {
        if (interval.isZero() || interval.isNegative()) {
            return "continuously";
        }
        if (interval.toNanos() % 1_000_000_000L != 0) {
            return "every " + count(interval.toMillis(), "millisecond");
        }
        long seconds = interval.getSeconds();
        if (seconds % DAY == 0) {
            return "every " + count(seconds / DAY, "day");
        }
        if (seconds % HOUR == 0) {
            return "every " + count(seconds / HOUR, "hour");
        }
        if (seconds % MINUTE == 0) {
            return "every " + count(seconds / MINUTE, "minute");
        }
        return "every " + count(seconds, "second");
    }

    /** How long until something happens, roughly: "in 40 seconds", "in about 5 minutes". */
    static String in(Duration until) {
        long seconds = Math.max(0, until.getSeconds());
        if (seconds < MINUTE) {
            return "in " + plural(seconds, "second");
        }
        if (seconds < HOUR) {
            return "in about " + plural(Math.round(seconds / (double) MINUTE), "minute");
        }
        if (seconds < DAY) {
            return "in about " + plural(Math.round(seconds / (double) HOUR), "hour");
        }
        return "in about " + plural(Math.round(seconds / (double) DAY), "day");
    }

    /** "minute" for one, "5 minutes" for more: as in "every minute", "every 5 minutes". */
    private static String count(long amount, String unit) {
        return amount == 1 ? unit : amount + " " + unit + "s";
    }

    /** "1 minute", "5 minutes". */
    private static String plural(long amount, String unit) {
        return amount + " " + unit + (amount == 1 ? "" : "s");
    }
}
