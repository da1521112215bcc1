package io.keywarden.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON in and out of the sandbox, shared by both adapters so that a JSON request and a fault are
 * read the same way whether Tomcat or the JDK's server received them. Request values become the
 * text the signature covers: numbers without exponent or needless fraction, booleans as
 * {@code true}/{@code false}, arrays as {@code Name.0}, objects as {@code Name.Field}, nulls left out.
 */
final class SandboxJson {

    private final JsonMapper mapper = JsonMapper.builder().build();

    String write(Object value) {
        return mapper.writeValueAsString(value);
    }

    /** The parameters of a JSON request body, which must be an object. */
    Map<String, String> parameters(String body) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the body is not valid JSON", e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        root.properties().forEach(field -> flatten(field.getKey(), field.getValue(), parameters));
        return parameters;
    }

    SandboxFault fault(String body) {
        return SandboxFault.fromFields(parameters(body));
    }

    String faults(List<SandboxFault> faults) {
        return write(faults.stream().map(SandboxFault::toFields).toList());
    }

    String error(String detail) {
        return write(Map.of("detail", detail));
    }

    private static void flatten(String name, JsonNode node, Map<String, String> into) {
        if (node.isObject()) {
            node.properties().forEach(field -> flatten(name + "." + field.getKey(), field.getValue(), into));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(name + "." + i, node.get(i), into);
            }
        } else if (node.isNumber()) {
            into.put(name, node.decimalValue().stripTrailingZeros().toPlainString());
        } else if (!node.isNull()) {
            into.put(name, node.asString());
        }
    }
}
