package io.keywarden.upstream.internal;

import io.github.resilience4j.ratelimiter.RateLimiter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One signed form POST to the upstream, turned into an {@link Attempt} and never into an
 * exception. It knows the moment a request is handed to the HTTP client, because a failure before
 * that point proves nothing was sent, while after it only a failure to connect does. Each attempt
 * passes the circuit first and the rate limiter second.
 *
 * <p>It speaks to the JDK's HTTP client directly: the form is a byte array the client writes
 * itself, and the whole exchange, answer body included, has one deadline ({@code readTimeout}).
 * Through Spring's request factory every call wrote its body on another thread through a
 * publisher, and the timer guarding the body was cancelled by an exception on every answer.
 */
public final class UpstreamExchange {

    static final String REQUEST_ID_HEADER = "X-UCLOUD-REQUEST-UUID";
    static final String TIMESTAMP_HEADER = "U-Timestamp-Ms";
    private static final String RETRY_AFTER = "Retry-After";
    // Far above any access-key answer; a larger body is not the upstream speaking.
    private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    private final HttpClient http;
    private final URI endpoint;
    private final Duration readTimeout;
    private final String userAgent;
    private final RequestSigner signer;
    private final RateLimiter rateLimiter;
    private final UpstreamCircuit circuit;
    private final AttemptClassifier classifier;
    private final Clock clock;

    UpstreamExchange(
            HttpClient http,
            URI endpoint,
            Duration readTimeout,
            String userAgent,
            RequestSigner signer,
            RateLimiter rateLimiter,
            UpstreamCircuit circuit,
            AttemptClassifier classifier,
            Clock clock) {
        this.http = http;
        this.endpoint = endpoint;
        this.readTimeout = readTimeout;
        this.userAgent = userAgent;
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
        HttpRequest request;
        try {
            Map<String, Object> actionParameters = new LinkedHashMap<>();
            actionParameters.put("Action", action.wireName());
            actionParameters.putAll(parameters);
            request = HttpRequest.newBuilder(endpoint)
                    .timeout(readTimeout)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .header("User-Agent", userAgent)
                    .header(TIMESTAMP_HEADER, Long.toString(clock.millis()))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(formBody(signer.sign(actionParameters))))
                    .build();
        } catch (RuntimeException e) {
            return classifier.failed(e, false, null);
        }
        // From here on the request may have left.
        AtomicReference<String> requestId = new AtomicReference<>();
        CompletableFuture<HttpResponse<byte[]>> call;
        try {
            call = http.sendAsync(request, info -> {
                requestId.set(info.headers().firstValue(REQUEST_ID_HEADER).orElse(null));
                // Only a 2xx body is read: the upstream answers everything with HTTP 200, and what a
                // proxy says in an error body changes nothing about what the status already tells.
                return info.statusCode() >= 200 && info.statusCode() < 300
                        ? new LimitedBody()
                        : HttpResponse.BodySubscribers.replacing(null);
            });
        } catch (RuntimeException e) {
            return classifier.failed(e, true, null);
        }
        try {
            HttpResponse<byte[]> response = call.get(readTimeout.toNanos(), TimeUnit.NANOSECONDS);
            return classifier.answered(
                    action,
                    response.statusCode(),
                    response.headers().firstValue(RETRY_AFTER).orElse(null),
                    requestId.get(),
                    response.body());
        } catch (TimeoutException e) {
            call.cancel(true);
            return classifier.failed(
                    new HttpTimeoutException("no complete answer within " + readTimeout), true, requestId.get());
        } catch (ExecutionException e) {
            return classifier.failed(e.getCause() == null ? e : e.getCause(), true, requestId.get());
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            return classifier.failed(e, true, requestId.get());
        } catch (RuntimeException e) {
            return classifier.failed(e, true, requestId.get());
        }
    }

    private static byte[] formBody(Map<String, String> wireParameters) {
        StringJoiner form = new StringJoiner("&");
        wireParameters.forEach((name, value) -> form.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return form.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Collects an answer body, failing once it grows beyond {@link #MAX_BODY_BYTES}. */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                if (result.isDone()) {
                    return;
                }
                if (bytes.size() + buffer.remaining() > MAX_BODY_BYTES) {
                    subscription.cancel();
                    result.completeExceptionally(new IOException("answer larger than " + MAX_BODY_BYTES + " bytes"));
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable failure) {
            result.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }
    }
}
