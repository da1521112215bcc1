package io.keywarden.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.util.UriUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls the application under test over real HTTP on loopback, the way a caller would, and reads
 * the answers without judging them, so tests can assert on every status.
 */
public final class Api {

    public static final String ISSUER = "test-issuer-token";
    public static final String AUDITOR = "test-auditor-token";
    public static final String ADMIN = "test-admin-token";
    public static final String NARROW_ISSUER = "test-narrow-issuer-token";
    public static final String NARROW_AUDITOR = "test-narrow-auditor-token";
    public static final String METRICS = "test-metrics-token";
    /** ISSUER for the users {@code team-*}, whose secrets are sealed to a test X25519 key ({@code seal-to}). */
    public static final String SEALED_ISSUER = "test-sealed-issuer-token";
    /** ISSUER for the users {@code team-*} with {@code auto-rotate} (and the same {@code seal-to}): the age watch rotates its keys. */
    public static final String AUTO_ROTATOR = "test-auto-rotator-token";
    /** ISSUER for the users {@code team-*} with no {@code seal-to} in configuration: tests set one through the admin API. */
    public static final String RESEALED_ISSUER = "test-resealed-issuer-token";
    /** ISSUER for the users {@code team-*} with the same {@code seal-to} as {@link #SEALED_ISSUER}, overridden by tests through the admin API. */
    public static final String CONFIGURED_SEALED = "test-configured-sealed-token";
    /** ISSUER for the users {@code lease-*}, whose keys expire within an hour ({@code max-ttl: PT1H}). */
    public static final String LEASED_ISSUER = "test-leased-issuer-token";
    /** AUDITOR for the users {@code a_c*}, where {@code _} is a literal underscore. */
    public static final String GLOB_READER = "test-glob-reader-token";
    /** AUDITOR for the users {@code pg_x-*}, {@code pg%y-?}, {@code pg\z*} and {@code pgexact}: special characters literal. */
    public static final String PAGING_READER = "test-paging-reader-token";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public Api(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /**
     * A key's path, its id encoded as one path segment as every caller must: real ids are standard
     * Base64 and hold {@code /}, which a URI template in path mode would leave as a separator.
     */
    public static String keyPath(String accessKeyId) {
        return "/v1/access-keys/" + UriUtils.encodePathSegment(accessKeyId, StandardCharsets.UTF_8);
    }

    public Call call(String method, String path) {
        return new Call(method, path);
    }

    public Answer createKey(String token, String idempotencyKey, String userName) {
        return call("POST", "/v1/access-keys")
                .token(token)
                .header("Idempotency-Key", idempotencyKey)
                .json("{\"userName\":\"" + userName + "\",\"description\":\"test key\"}")
                .send();
    }

    public final class Call {
        private final String method;
        private final String path;
        private final List<String> headers = new ArrayList<>();
        private HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();

        private Call(String method, String path) {
            this.method = method;
            this.path = path;
        }

        public Call token(String token) {
            return header("Authorization", "Bearer " + token);
        }

        public Call header(String name, String value) {
            if (value != null) {
                headers.add(name);
                headers.add(value);
            }
            return this;
        }

        public Call json(String json) {
            header("Content-Type", "application/json");
            return body(json);
        }

        public Call body(String text) {
            this.body = HttpRequest.BodyPublishers.ofString(text);
            return this;
        }

        public Call body(byte[] bytes) {
            this.body = HttpRequest.BodyPublishers.ofByteArray(bytes);
            return this;
        }

        public Answer send() {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(30))
                    .method(method, body);
            if (!headers.isEmpty()) {
                request.headers(headers.toArray(String[]::new));
            }
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                return new Answer(response);
            } catch (IOException ex) {
                throw new IllegalStateException(ex);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
    }

    public record Answer(HttpResponse<String> response) {

        public int status() {
            return response.statusCode();
        }

        public String body() {
            return response.body();
        }

        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        public JsonNode json() {
            return JSON.readTree(response.body());
        }

        public String text(String field) {
            JsonNode node = json().get(field);
            return node == null || node.isNull() ? null : node.asString();
        }

        @Override
        public String toString() {
            return response.statusCode() + " " + response.body();
        }
    }
}
