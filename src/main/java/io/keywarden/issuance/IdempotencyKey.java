package io.keywarden.issuance;

import io.keywarden.platform.web.Headers;
import io.keywarden.platform.web.InvalidInputException;
import io.keywarden.platform.web.PrintableText;
import java.util.regex.Pattern;

/**
 * An {@code Idempotency-Key} header as its caller sent it, and whether the endpoint requires one
 * (every endpoint does, except the compat API's). It owns the key's rule, 1 to {@value #MAX_LENGTH}
 * printable ASCII characters, and the form in which the audit log keeps what was sent, so that
 * every endpoint answers and audits a key alike. The create protocol checks it first, before any
 * other input, so that a refused key is audited with the rest of the attempt.
 */
public final class IdempotencyKey {

    /** The longest key accepted, and the longest part of a refused one the audit log keeps. */
    public static final int MAX_LENGTH = Headers.IDEMPOTENCY_KEY_MAX_LENGTH;

    private static final Pattern RULE = Pattern.compile("[\\x21-\\x7e][\\x20-\\x7e]{0," + (MAX_LENGTH - 1) + "}");

    private final String sent;
    private final boolean required;

    private IdempotencyKey(String sent, boolean required) {
        this.sent = sent;
        this.required = required;
    }

    /** The header of an endpoint that refuses a request without one. */
    public static IdempotencyKey required(String sent) {
        return new IdempotencyKey(sent, true);
    }

    /** The header of an endpoint that also serves requests without one (they are not replayable). */
    public static IdempotencyKey optional(String sent) {
        return new IdempotencyKey(sent, false);
    }

    /**
     * The key, or {@code null} when none was sent and none is required.
     *
     * @throws InvalidInputException when it is missing but required, or breaks the rule
     */
    public String checked() {
        if (sent == null) {
            if (required) {
                throw new InvalidInputException(
                        Headers.IDEMPOTENCY_KEY,
                        "The Idempotency-Key header is required (1 to " + MAX_LENGTH + " printable ASCII characters).");
            }
            return null;
        }
        if (!RULE.matcher(sent).matches()) {
            throw new InvalidInputException(
                    Headers.IDEMPOTENCY_KEY,
                    "The Idempotency-Key header must be 1 to " + MAX_LENGTH + " printable ASCII characters.");
        }
        return sent;
    }

    /** What was sent, as the audit log keeps it: printable, and cut after {@value #MAX_LENGTH} characters. */
    public String audited() {
        return PrintableText.of(sent, MAX_LENGTH);
    }

    /** Never the key itself: with a stolen token, a known key replays its client's secret. */
    @Override
    public String toString() {
        return "IdempotencyKey[" + (sent == null ? "none" : "(hidden)") + ", required=" + required + "]";
    }
}
