package io.keywarden.console.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Links to console pages with a query, each value form-encoded as the servlet container decodes
 * it: a '+' in a user name stays a '+', a space a space.
 */
final class ConsoleLinks {

    private ConsoleLinks() {}

    /**
     * {@code path} with the query of the entries whose value is not {@code null} or blank, in their
     * order; a value that is a collection is the parameter repeated once for each of its elements.
     */
    static String to(String path, Map<String, ?> query) {
        StringJoiner parameters = new StringJoiner("&", path + "?", "").setEmptyValue(path);
        query.forEach((name, value) -> {
            Collection<?> values = value instanceof Collection<?> many ? many : Collections.singletonList(value);
            for (Object one : values) {
                if (one != null && !one.toString().isBlank()) {
                    parameters.add(encode(name) + "=" + encode(one.toString()));
                }
            }
        });
        return parameters.toString();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
