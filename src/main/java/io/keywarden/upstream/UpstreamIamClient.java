package io.keywarden.upstream;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.keywarden.upstream.internal.AccessKeyReader;
import io.keywarden.upstream.internal.Attempt;
import io.keywarden.upstream.internal.UpstreamAction;
import io.keywarden.upstream.internal.UpstreamCallObserver;
import io.keywarden.upstream.internal.UpstreamExchange;
import io.keywarden.upstream.internal.UpstreamProperties;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The upstream's four access-key actions, each answered with a typed {@link UpstreamOutcome} and
 * never an exception, because what a caller must do next depends on whether the upstream may have
 * acted. The rules, where "safe" means List, Update and Delete:
 *
 * <ul>
 *   <li>nothing sent (connection refused, connect timeout, unknown host, TLS handshake failure, no
 *       client rate-limit permit, any failure before the request reached the HTTP client), HTTP
 *       429 or 503, RetCode 150 or 153: {@code Unavailable}, with the {@code Retry-After} header
 *       or else one second;
 *   <li>HTTP 502 or 504: {@code Unavailable} for safe actions, {@code OutcomeUnknown} for Create,
 *       which a gateway may have forwarded;
 *   <li>any other HTTP status outside 2xx, a read timeout, a connection reset or closed after the
 *       request was sent, an unreadable answer or one without a RetCode, RetCode 110:
 *       {@code OutcomeUnknown};
 *   <li>any other RetCode but 0: {@code Rejected} with the upstream's RetCode and Message;
 *   <li>RetCode 0 on Create without an access key id and secret: {@code Rejected} with RetCode 0.
 * </ul>
 *
 * Safe actions are retried on {@code Unavailable} and {@code OutcomeUnknown}; Create only on
 * {@code Unavailable}, so it is never sent again once it may have reached the upstream. While the
 * circuit is open an attempt is {@code Unavailable} ("circuit open") and nothing is sent. The
 * backoff between attempts is short and does not wait out a {@code Retry-After}: the outcome
 * carries that delay to the caller, who decides whether to come back later. Every
 * attempt takes a permit from one rate limiter shared by all calls. Logs name the action, outcome,
 * RetCode, upstream request id, attempts and duration, and never parameters, bodies or secrets.
 */
public class UpstreamIamClient {

    private static final Logger log = LoggerFactory.getLogger(UpstreamIamClient.class);

    private final UpstreamExchange exchange;
    private final UpstreamProperties properties;
    private final Retry safeRetry;
    private final Retry createRetry;
    private final UpstreamCallObserver observer;

    public UpstreamIamClient(UpstreamExchange exchange, UpstreamProperties properties, UpstreamCallObserver observer) {
        this.exchange = exchange;
        this.properties = properties;
        this.observer = observer;
        this.safeRetry = retry(
                "upstream-safe",
                properties,
                attempt -> !attempt.isRefusedByCircuit() && (attempt.isUnavailable() || attempt.isOutcomeUnknown()));
        this.createRetry = retry(
                "upstream-create", properties, attempt -> !attempt.isRefusedByCircuit() && attempt.isUnavailable());
    }

    /**
     * The upstream circuit's state: {@code CLOSED} (calls go out), {@code OPEN} (refused without
     * sending) or {@code HALF_OPEN} (a few trial calls).
     */
    public String circuitState() {
        return exchange.circuitState();
    }

    public UpstreamOutcome<UpstreamAccessKey> createAccessKey(String userName) {
        return call(
                UpstreamAction.CREATE_ACCESS_KEY,
                Map.of("UserName", requireText(userName, "userName")),
                AccessKeyReader::created);
    }

    public UpstreamOutcome<List<UpstreamAccessKey>> listAccessKeys(String userName) {
        return call(
                UpstreamAction.LIST_ACCESS_KEYS,
                Map.of("UserName", requireText(userName, "userName")),
                AccessKeyReader::listed);
    }

    public UpstreamOutcome<Void> updateAccessKeyStatus(String accessKeyId, UpstreamKeyStatus status) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("AccessKeyID", requireText(accessKeyId, "accessKeyId"));
        parameters.put("Status", Objects.requireNonNull(status, "status").wireName());
        return call(UpstreamAction.UPDATE_ACCESS_KEY, parameters, UpstreamIamClient::noValue);
    }

    public UpstreamOutcome<Void> deleteAccessKey(String accessKeyId) {
        return call(
                UpstreamAction.DELETE_ACCESS_KEY,
                Map.of("AccessKeyID", requireText(accessKeyId, "accessKeyId")),
                UpstreamIamClient::noValue);
    }

    private <T> UpstreamOutcome<T> call(
            UpstreamAction action,
            Map<String, ?> parameters,
            Function<UpstreamOutcome.Success<JsonNode>, UpstreamOutcome<T>> onSuccess) {
        long started = System.nanoTime();
        AtomicInteger attempts = new AtomicInteger();
        Retry retry = action.safeToRepeat() ? safeRetry : createRetry;
        Attempt last = retry.executeSupplier(() -> {
            Attempt attempt = exchange.send(action, parameters);
            log.debug(
                    "upstream attempt action={} attempt={} outcome={} httpStatus={} retCode={} requestId={} reason={}",
                    action.wireName(),
                    attempts.incrementAndGet(),
                    kind(attempt.outcome()),
                    attempt.httpStatus(),
                    attempt.retCode(),
                    attempt.outcome().requestId(),
                    attempt.outcome().reason());
            return attempt;
        });
        UpstreamOutcome<T> outcome = last.outcome().succeeded()
                ? onSuccess.apply((UpstreamOutcome.Success<JsonNode>) last.outcome())
                : valueless(last.outcome());
        Duration duration = Duration.ofNanos(System.nanoTime() - started);
        log.info(
                "upstream call action={} outcome={} retCode={} requestId={} attempts={} durationMs={}",
                action.wireName(),
                kind(outcome),
                last.retCode(),
                outcome.requestId(),
                attempts.get(),
                duration.toMillis());
        observer.called(action, outcome, last.retCode(), duration);
        return outcome;
    }

    private static Retry retry(String name, UpstreamProperties properties, Predicate<Attempt> retryWhen) {
        RetryConfig config = RetryConfig.<Attempt>custom()
                .maxAttempts(properties.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(properties.initialBackoff(), 2.0, 0.5))
                .retryOnResult(retryWhen)
                .retryOnException(failure -> false)
                .failAfterMaxAttempts(false)
                .build();
        return Retry.of(name, config);
    }

    private static UpstreamOutcome<Void> noValue(UpstreamOutcome.Success<JsonNode> answer) {
        return new UpstreamOutcome.Success<>(null, answer.requestId());
    }

    // Rejected, Unavailable and OutcomeUnknown hold no value of the type parameter.
    @SuppressWarnings("unchecked")
    private static <T> UpstreamOutcome<T> valueless(UpstreamOutcome<JsonNode> outcome) {
        return (UpstreamOutcome<T>) (UpstreamOutcome<?>) outcome;
    }

    private static String kind(UpstreamOutcome<?> outcome) {
        return outcome.getClass().getSimpleName();
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    @Override
    public String toString() {
        return "UpstreamIamClient[" + properties + "]";
    }
}
