package io.keywarden.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Serves the sandbox and its fault API over the JDK's HTTP server, on the same paths as the Spring
 * adapter. Closing an exchange before its headers are sent makes the JDK close the connection,
 * which is exactly the dropped connection a fault asks for.
 */
final class StandaloneHandler implements HttpHandler {

    static final String PREFIX = "/sandbox/upstream";
    private static final int MAX_BODY = 16 * 1024;

    private final SandboxUpstream upstream;
    private final SandboxJson json;

    StandaloneHandler(SandboxUpstream upstream) {
        this.upstream = upstream;
        this.json = upstream.json();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            route(exchange);
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String route = exchange.getRequestURI().getPath().substring(PREFIX.length());
        try {
            switch (route) {
                case "", "/" -> callByGetOrPost(exchange);
                case "/faults" -> faults(exchange, exchange.getRequestMethod());
                case "/stats" -> respond(exchange, 200, json.write(upstream.stats()));
                default -> respond(exchange, 404, json.error("no such sandbox path: " + route));
            }
        } catch (IllegalArgumentException e) {
            respond(exchange, 400, json.error(e.getMessage()));
        }
    }

    /** As keywarden's own routes: actions take GET and POST only, and a body of at most 16 KiB. */
    private void callByGetOrPost(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        if (!"GET".equals(method) && !"POST".equals(method)) {
            exchange.getResponseHeaders().set("Allow", "GET, POST");
            respond(exchange, 405, json.error("use GET or POST"));
            return;
        }
        byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            respond(exchange, 413, json.error("the body is larger than " + MAX_BODY + " bytes"));
            return;
        }
        call(exchange, new String(body, StandardCharsets.UTF_8));
    }

    private void call(HttpExchange exchange, String body) throws IOException {
        Map<String, String> parameters = decodeForm(exchange.getRequestURI().getRawQuery());
        String contentType = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
        if (contentType.startsWith("application/json")) {
            bodyParameters(body).forEach(parameters::putIfAbsent);
        } else if (contentType.startsWith("application/x-www-form-urlencoded")) {
            decodeForm(body).forEach(parameters::putIfAbsent);
        }
        SandboxAnswer answer = upstream.handle(parameters);
        if (!answer.awaitDelay() || answer.kind() != SandboxAnswer.Kind.RESPOND) {
            return;
        }
        answer.headers().forEach(exchange.getResponseHeaders()::set);
        byte[] bytes = answer.bodyBytes();
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private void faults(HttpExchange exchange, String method) throws IOException {
        switch (method) {
            case "GET" -> respond(exchange, 200, json.faults(upstream.faults()));
            case "POST" -> {
                SandboxFault fault =
                        json.fault(new String(exchange.getRequestBody().readNBytes(MAX_BODY), StandardCharsets.UTF_8));
                upstream.arm(fault);
                respond(exchange, 201, json.write(fault.toFields()));
            }
            case "DELETE" -> {
                upstream.clearFaults();
                exchange.sendResponseHeaders(204, -1);
            }
            default -> respond(exchange, 405, json.error("use GET, POST or DELETE"));
        }
    }

    /** The gateway answers an unreadable JSON body as if it held no parameters: RetCode 160. */
    private Map<String, String> bodyParameters(String body) {
        try {
            return json.parameters(body);
        } catch (IllegalArgumentException e) {
            return Map.of();
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    static Map<String, String> decodeForm(String encoded) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return parameters;
        }
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            if (!name.isEmpty()) {
                parameters.putIfAbsent(
                        URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }
}
