package io.keywarden.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * A webhook receiver on loopback, as a subscriber would run one: a plain JDK HTTP server that
 * records every request it gets. Its answers depend on the user the event is about, so each test
 * picks a behaviour through its user's name: {@code team-hook-flaky-*} is answered 500 three times
 * per {@code webhook-id}, then 200; {@code team-hook-dead-*} always 500; {@code team-hook-busy-*}
 * 429 with {@code Retry-After: 1} (seconds) once, then 200; {@code team-hook-unavailable-*} 503 with
 * {@code Retry-After} as an HTTP date two seconds on once, then 200; anything else 200. The
 * path {@code /gone} answers 410. Started once per test JVM, before the application, whose test
 * profile subscribes it ({@code keywarden.test.webhook-receiver-port}).
 */
public final class WebhookReceiver {

    private static final WebhookReceiver INSTANCE = new WebhookReceiver();

    private final HttpServer server;
    private final Queue<Request> received = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicInteger> attemptsById = new ConcurrentHashMap<>();

    /**
     * A request as received, the status it was answered and the {@code Retry-After} it was sent
     * ({@code null} when none).
     */
    public record Request(String path, Map<String, String> headers, String body, int answered, String retryAfter) {

        public String header(String name) {
            return headers.get(name);
        }

        /**
         * The signature this request should carry, as a receiver computes it with its own code:
         * {@code v1,} and base64 of HMAC-SHA256, keyed with {@code secret} (base64, without
         * {@code whsec_}), over {@code webhook-id.webhook-timestamp.body}.
         */
        public String expectedSignature(String secret) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret), "HmacSHA256"));
                String signed = header("webhook-id") + "." + header("webhook-timestamp") + "." + body;
                return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
            } catch (GeneralSecurityException ex) {
                throw new IllegalStateException(ex);
            }
        }
    }

    private WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    public static WebhookReceiver get() {
        return INSTANCE;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The requests received so far whose body mentions {@code text}, in the order received. */
    public List<Request> mentioning(String text) {
        return received.stream()
                .filter(request -> request.body().contains(text))
                .toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> headers = new ConcurrentHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
        String path = exchange.getRequestURI().getPath();
        int attempt = attemptsById
                .computeIfAbsent(String.valueOf(headers.get("webhook-id")), id -> new AtomicInteger())
                .incrementAndGet();
        int status;
        String retryAfter = null;
        if (path.equals("/gone")) {
            status = 410;
        } else if (body.contains("\"userName\":\"team-hook-dead-")) {
            status = 500;
        } else if (body.contains("\"userName\":\"team-hook-flaky-")) {
            status = attempt <= 3 ? 500 : 200;
        } else if (body.contains("\"userName\":\"team-hook-busy-") && attempt == 1) {
            status = 429;
            retryAfter = "1";
        } else if (body.contains("\"userName\":\"team-hook-unavailable-") && attempt == 1) {
            status = 503;
            retryAfter = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(2));
        } else {
            status = 200;
        }
        received.add(new Request(path, Map.copyOf(headers), body, status, retryAfter));
        if (retryAfter != null) {
            exchange.getResponseHeaders().set("Retry-After", retryAfter);
        }
        byte[] answer = (status == 200 ? "thanks" : "receiver failure " + attempt).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    /** Starts the receiver and fixes its port in the configuration before the application binds it. */
    public static class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource(
                            "testWebhookReceiver", Map.of("keywarden.test.webhook-receiver-port", get().port())));
        }
    }
}
