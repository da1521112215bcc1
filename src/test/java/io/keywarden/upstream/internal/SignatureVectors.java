package io.keywarden.upstream.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The official signing vectors, read from {@code upstream/signature-vectors.json} on the test
 * class path (their sources are named in that file and in the README beside it).
 */
public record SignatureVectors(
        String name, Map<String, String> params, String privateKey, String stringToSign, String signature) {

    public static List<SignatureVectors> all() {
        try (InputStream in = SignatureVectors.class.getResourceAsStream("/upstream/signature-vectors.json")) {
            if (in == null) {
                throw new IllegalStateException("upstream/signature-vectors.json is not on the test class path");
            }
            JsonNode root = JsonMapper.shared().readTree(in);
            return root.get("vectors").values().stream()
                    .map(SignatureVectors::of)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SignatureVectors of(JsonNode vector) {
        Map<String, String> params = new LinkedHashMap<>();
        vector.get("params")
                .properties()
                .forEach(p -> params.put(p.getKey(), p.getValue().asString()));
        return new SignatureVectors(
                vector.get("name").asString(),
                params,
                vector.get("privateKey").asString(),
                vector.get("stringToSign").asString(),
                vector.get("signature").asString());
    }
}
