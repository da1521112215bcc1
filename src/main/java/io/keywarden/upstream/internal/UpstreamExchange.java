package io.keywarden.upstream.internal;

import io.github.resilience4j.ratelimiter.RateLimiter;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.RestClient;

/**
 * One signed form POST to the upstream, turned into an {@link Attempt} and never into an
 * exception. It marks the moment a request is handed to the HTTP client, because a failure before
 * that point proves nothing was sent, while after it only a failure to connect does. Each attempt
 * passes the circuit first and the rate limiter second.
 */
public final class UpstreamExchange {

    static final String REQUEST_ID_HEADER = "X-UCLOUD-REQUEST-UUID";
    static final String TIMESTAMP_HEADER = "U-Timestamp-Ms";
    private static final String HANDED_TO_TRANSPORT = UpstreamExchange.class.getName() + ".handedToTransport";
    // Far above any access-key answer; a larger body is not the upstream speaking.
    private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    private final RestClient restClient;
    private final RequestSigner signer;
    private final RateLimiter rateLimiter;
    private final UpstreamCircuit circuit;
    private final AttemptClassifier classifier;
    private final Clock clock;

    UpstreamExchange(
            RestClient restClient,
            RequestSigner signer,
            RateLimiter rateLimiter,
            UpstreamCircuit circuit,
            AttemptClassifier classifier,
            Clock clock) {
        this.restClient =
                restClient.mutate().requestInterceptor(markHandedToTransport()).build();
        this.signer = signer;
        this.rateLimiter = rateLimiter;
        this.circuit = circuit;
        this.classifier = classifier;
        this.clock = clock;
    }

    /** The circuit's state: CLOSED, OPEN or HALF_OPEN. */
    public String circuitState() {
        return circuit.breaker().getState().name();
    }

    public Attempt send(UpstreamAction action, Map<String, ?> parameters) {
        if (!circuit.tryEnter()) {
            return circuit.refused();
        }
        if (!rateLimiter.acquirePermission()) {
            circuit.notSent();
            return classifier.failed(new IllegalStateException("no client rate-limit permit"), false, null);
        }
        long started = System.nanoTime();
        Attempt attempt = exchange(action, parameters);
        circuit.record(attempt, System.nanoTime() - started);
        return attempt;
    }

    private Attempt exchange(UpstreamAction action, Map<String, ?> parameters) {
        AtomicBoolean handedToTransport = new AtomicBoolean();
        try {
            Map<String, Object> actionParameters = new LinkedHashMap<>();
            actionParameters.put("Action", action.wireName());
            actionParameters.putAll(parameters);
            byte[] form = formBody(signer.sign(actionParameters));
            return restClient
                    .post()
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                    .accept(MediaType.APPLICATION_JSON)
                    .header(TIMESTAMP_HEADER, Long.toString(clock.millis()))
                    .attribute(HANDED_TO_TRANSPORT, handedToTransport)
                    .contentLength(form.length)
                    .body(out -> out.write(form))
                    .exchange((request, response) -> read(action, response));
        } catch (RuntimeException e) {
            return classifier.failed(e, handedToTransport.get(), null);
        }
    }

    private Attempt read(UpstreamAction action, ClientHttpResponse response) {
        HttpHeaders headers = response.getHeaders();
        String requestId = headers.getFirst(REQUEST_ID_HEADER);
        try {
            int status = response.getStatusCode().value();
            // Only a 2xx body is read: the upstream answers everything with HTTP 200, and what a
            // proxy says in an error body changes nothing about what the status already tells.
            byte[] body = status >= 200 && status < 300 ? readLimited(response.getBody()) : null;
            return classifier.answered(action, status, headers.getFirst(HttpHeaders.RETRY_AFTER), requestId, body);
        } catch (IOException | RuntimeException e) {
            return classifier.failed(e, true, requestId);
        }
    }

    private static byte[] readLimited(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw new IOException("answer larger than " + MAX_BODY_BYTES + " bytes");
        }
        return bytes;
    }

    private static byte[] formBody(Map<String, String> wireParameters) {
        StringJoiner form = new StringJoiner("&");
        wireParameters.forEach((name, value) -> form.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return form.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static ClientHttpRequestInterceptor markHandedToTransport() {
        return (request, body, execution) -> {
            if (request.getAttributes().get(HANDED_TO_TRANSPORT) instanceof AtomicBoolean flag) {
                flag.set(true);
            }
            return execution.execute(request, body);
        };
    }
}
