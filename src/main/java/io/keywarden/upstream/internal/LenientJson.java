package io.keywarden.upstream.internal;

import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Reads the upstream's JSON the forgiving way its answers require: field names whose acronyms
 * change case from one action to the next ({@code AccessKeyID}, {@code UserId}, {@code UserID}),
 * numbers that sometimes arrive as strings, and 0 standing for an unset time.
 */
final class LenientJson {

    private LenientJson() {}

    /** The field of that name, exact spelling first, else ignoring case; {@code null} when absent. */
    static JsonNode field(JsonNode object, String name) {
        if (object == null || !object.isObject()) {
            return null;
        }
        JsonNode exact = object.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, JsonNode> property : object.properties()) {
            if (property.getKey().equalsIgnoreCase(name)) {
                return property.getValue();
            }
        }
        return null;
    }

    /** A whole number given as a JSON number or as a string of digits; {@code null} otherwise. */
    static Long wholeNumber(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isNumber()) {
            double number = value.doubleValue();
            return number == Math.rint(number) ? (long) number : null;
        }
        if (value.isString()) {
            try {
                return Long.parseLong(value.stringValue().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** Text of a string or number value; {@code null} when absent, null or empty. */
    static String text(JsonNode value) {
        if (value == null || !(value.isString() || value.isNumber())) {
            return null;
        }
        String text = value.asString();
        return text.isEmpty() ? null : text;
    }

    /** Unix seconds as an instant; 0, absent or unreadable is unset ({@code null}). */
    static Instant unixSeconds(JsonNode value) {
        Long seconds = wholeNumber(value);
        return seconds == null || seconds == 0 ? null : Instant.ofEpochSecond(seconds);
    }
}
