package io.keywarden.console.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Links to console pages with a query, each value form-encoded as the servlet container decodes
 * it: a '+' in a user name stays a '+', a space a space.
 */
final class ConsoleLinks {

    private ConsoleLinks() {}

    /** {@code path} with the query of the entries whose value is not {@code null} or blank, in their order. */
    static String to(String path, Map<String, ?> query) {
        StringJoiner parameters = new StringJoiner("&", path + "?", "").setEmptyValue(path);
        query.forEach((name, value) -> {
            if (value != null && !value.toString().isBlank()) {
                parameters.add(encode(name) + "=" + encode(value.toString()));
            }
        });
        return parameters.toString();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
