package io.keywarden.compat;

import io.keywarden.platform.web.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The parameters of one compat request that keywarden acts on, gathered from the query string,
 * a form body and a JSON body alike. Only {@code Action}, {@code UserName}, {@code Description}
 * and keywarden's own {@code Ttl} (the key's lease in seconds) are kept: anything else the caller sends ({@code PublicKey}, {@code Signature}, {@code ProjectId},
 * {@code Region}, ...) is never copied, so it cannot be forwarded, logged or audited. Empty values
 * count as absent, as on the upstream.
 */
final class CompatParameters {

    static final String ACTION = "Action";
    static final String USER_NAME = "UserName";
    static final String DESCRIPTION = "Description";
    static final String TTL = "Ttl";

    private static final List<String> KEPT = List.of(ACTION, USER_NAME, DESCRIPTION, TTL);
    private static final long MAX_TTL_SECONDS = 100L * 365 * 24 * 3600;

    private final Map<String, List<String>> values = new LinkedHashMap<>();

    private CompatParameters() {}

    /** The query string's parameters, and a form body's where the request has one. */
    static CompatParameters of(HttpServletRequest http) {
        CompatParameters parameters = new CompatParameters();
        for (String name : KEPT) {
            String[] sent = values(http, name);
            if (sent != null) {
                for (String value : sent) {
                    parameters.add(name, value);
                }
            }
        }
        return parameters;
    }

    /** Tomcat refuses a query or form it cannot decode (bytes that are not UTF-8) when asked for a parameter. */
    private static String[] values(HttpServletRequest http, String name) {
        try {
            return http.getParameterValues(name);
        } catch (IllegalStateException undecodable) {
            throw new InvalidInputException(name, name + " could not be decoded as UTF-8.");
        }
    }

    /** Adds a JSON body's members; a body that is not a JSON object holds no parameters. */
    CompatParameters withJson(JsonNode body) {
        if (body != null && body.isObject()) {
            for (String name : KEPT) {
                JsonNode value = body.get(name);
                if (value != null && value.isValueNode() && !value.isNull()) {
                    add(name, value.asString());
                } else if (value != null && value.isContainer()) {
                    throw new InvalidInputException(name, name + " must be a single value.");
                }
            }
        }
        return this;
    }

    /** The parameter's value, or {@code null}; sent twice with different values it is invalid. */
    String get(String name) {
        List<String> sent = values.getOrDefault(name, List.of());
        if (sent.stream().distinct().count() > 1) {
            throw new InvalidInputException(name, name + " was sent more than once with different values.");
        }
        return sent.isEmpty() ? null : sent.get(0);
    }

    /** {@code Ttl}: whole seconds, or {@code null} when not sent. */
    Duration ttl() {
        String sent = get(TTL);
        if (sent == null) {
            return null;
        }
        if (!sent.matches("[0-9]{1,12}") || Long.parseLong(sent) < 1 || Long.parseLong(sent) > MAX_TTL_SECONDS) {
            throw new InvalidInputException(TTL, "Ttl must be a positive whole number of seconds.");
        }
        return Duration.ofSeconds(Long.parseLong(sent));
    }

    private void add(String name, String value) {
        if (value != null && !value.isEmpty()) {
            values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
    }
}
