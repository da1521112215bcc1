package io.keywarden.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP caller of a sandbox at a base URI, in the three encodings the gateway accepts. */
final class SandboxHttp {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI base;

    SandboxHttp(URI base) {
        this.base = base;
    }

    HttpResponse<String> form(Map<String, String> parameters, Duration timeout) throws IOException {
        return send(HttpRequest.newBuilder(base)
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(parameters)))
                .build());
    }

    HttpResponse<String> form(Map<String, String> parameters) throws IOException {
        return form(parameters, Duration.ofSeconds(5));
    }

    HttpResponse<String> json(String body) throws IOException {
        return send(HttpRequest.newBuilder(base)
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    HttpResponse<String> get(Map<String, String> parameters) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(base + "?" + encode(parameters)))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build());
    }

    /** The parameters as a query string, sent with any method (and no body). */
    HttpResponse<String> query(String method, Map<String, String> parameters) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(base + "?" + encode(parameters)))
                .timeout(Duration.ofSeconds(5))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build());
    }

    HttpResponse<String> armFault(String fault) throws IOException {
        return send(HttpRequest.newBuilder(base.resolve("faults"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(fault))
                .build());
    }

    HttpResponse<String> admin(String method, String path) throws IOException {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build());
    }

    static JsonNode body(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    static String toJson(Object value) {
        return JSON.writeValueAsString(value);
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String encode(Map<String, String> parameters) {
        return parameters.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
