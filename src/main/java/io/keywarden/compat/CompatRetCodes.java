package io.keywarden.compat;

import io.keywarden.accesskey.LeaseTooLongException;
import io.keywarden.identity.ScopeDeniedException;
import io.keywarden.issuance.AwaitingOperatorException;
import io.keywarden.issuance.IdempotencyKeyReusedException;
import io.keywarden.issuance.KeyLimitReachedException;
import io.keywarden.issuance.ReconciliationDeferredException;
import io.keywarden.issuance.RecoveredKeysUnreviewedException;
import io.keywarden.issuance.RequestInProgressException;
import io.keywarden.platform.web.InvalidInputException;
import io.keywarden.platform.web.Problems;
import io.keywarden.platform.web.StorageUnavailableException;
import io.keywarden.upstream.UpstreamFailure;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The RetCodes of the compat API and the one place that turns a refusal of the create protocol
 * into the upstream's envelope, from the refusal's own type and fields. Upstream rejections keep
 * their RetCode and Message; keywarden's own failures use the upstream's codes where one fits
 * (230, 160, 161) and otherwise codes in 9400 to 9599, where no documented or observed upstream
 * code lies (gateway codes are below 300, product errors start at 2000; the key limit's is
 * 11105). A user at the key limit gets the upstream's own limit RetCode, also when keywarden
 * refused before calling it, since that is what such a caller already handles. docs/compat.md
 * lists them.
 */
final class CompatRetCodes {

    static final int MISSING_ACTION = 160;
    static final int UNKNOWN_ACTION = 161;
    static final int INVALID_PARAMETER = 230;
    static final int NOT_ALLOWED = 9403;
    static final int IN_PROGRESS = 9409;
    static final int IDEMPOTENCY_KEY_REUSED = 9422;
    static final int UPSTREAM_ANSWERED_NO_KEY = 9502;
    static final int UPSTREAM_UNAVAILABLE = 9503;
    static final int OUTCOME_UNKNOWN = 9504;
    static final int STORAGE_UNAVAILABLE = 9507;

    /**
     * Each refusal the create protocol can answer with, and its envelope; {@link CompatController}
     * answers exactly these types.
     */
    private static final Map<Class<? extends RuntimeException>, Function<RuntimeException, Failure>> ANSWERS =
            answers();

    private CompatRetCodes() {}

    /**
     * An envelope in the upstream's spelling, and how long to wait before trying again.
     *
     * @param envelope the answer's body
     * @param retryAfter the {@code Retry-After}, or {@code null}
     */
    record Failure(CompatEnvelope envelope, Duration retryAfter) {}

    /** The envelope of a refusal, or empty for a failure that is not the caller's to read (a 500). */
    static Optional<Failure> of(RuntimeException refusal) {
        return ANSWERS.entrySet().stream()
                .filter(answer -> answer.getKey().isInstance(refusal))
                .findFirst()
                .map(answer -> answer.getValue().apply(refusal));
    }

    static UnknownActionException missingAction() {
        return new UnknownActionException(CompatEnvelope.failure(MISSING_ACTION, "Missing Action"));
    }

    static UnknownActionException unknownAction(String action) {
        return new UnknownActionException(CompatEnvelope.failure(UNKNOWN_ACTION, "Action [" + action + "] not found"));
    }

    private static Map<Class<? extends RuntimeException>, Function<RuntimeException, Failure>> answers() {
        Map<Class<? extends RuntimeException>, Function<RuntimeException, Failure>> answers = new LinkedHashMap<>();
        answers.put(UnknownActionException.class, ex -> now(((UnknownActionException) ex).envelope()));
        answers.put(InvalidInputException.class, ex -> now(invalidParameter((InvalidInputException) ex)));
        answers.put(
                LeaseTooLongException.class,
                ex -> now(CompatEnvelope.failure(INVALID_PARAMETER, "Params [Ttl] not available: " + ex.getMessage())));
        answers.put(ScopeDeniedException.class, ex -> now(CompatEnvelope.failure(NOT_ALLOWED, ex.getMessage())));
        answers.put(RequestInProgressException.class, ex -> now(CompatEnvelope.failure(IN_PROGRESS, ex.getMessage())));
        answers.put(AwaitingOperatorException.class, ex -> now(CompatEnvelope.failure(IN_PROGRESS, ex.getMessage())));
        answers.put(
                RecoveredKeysUnreviewedException.class,
                ex -> now(CompatEnvelope.failure(IN_PROGRESS, ex.getMessage())));
        answers.put(
                IdempotencyKeyReusedException.class,
                ex -> now(CompatEnvelope.failure(IDEMPOTENCY_KEY_REUSED, ex.getMessage())));
        // The upstream's own answer to a user at its limit, whether it gave it or keywarden refused first.
        answers.put(
                KeyLimitReachedException.class,
                ex -> now(CompatEnvelope.failure(((KeyLimitReachedException) ex).retCode(), ex.getMessage())));
        answers.put(UpstreamFailure.class, ex -> upstream((UpstreamFailure) ex));
        answers.put(
                ReconciliationDeferredException.class,
                ex -> new Failure(
                        CompatEnvelope.failure(UPSTREAM_UNAVAILABLE, ex.getMessage()),
                        ((ReconciliationDeferredException) ex).retryAfter()));
        answers.put(
                StorageUnavailableException.class,
                ex -> new Failure(
                        CompatEnvelope.failure(STORAGE_UNAVAILABLE, ex.getMessage()), Problems.STORAGE_RETRY_AFTER));
        return Collections.unmodifiableMap(answers);
    }

    private static Failure now(CompatEnvelope envelope) {
        return new Failure(envelope, null);
    }

    private static CompatEnvelope invalidParameter(InvalidInputException invalid) {
        String name = invalid.parameter();
        if (name == null || name.isEmpty()) {
            return CompatEnvelope.failure(INVALID_PARAMETER, invalid.getMessage());
        }
        // The issuance rules name JSON fields (userName); the upstream's documents name UserName.
        String upstreamName = name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
        return CompatEnvelope.failure(INVALID_PARAMETER, "Params [" + upstreamName + "] not available");
    }

    private static Failure upstream(UpstreamFailure failure) {
        return switch (failure.kind()) {
            case REJECTED ->
                failure.retCode() == 0
                        // RetCode 0 without a key is no success: it must not read as one to the caller.
                        ? now(CompatEnvelope.failure(
                                UPSTREAM_ANSWERED_NO_KEY, "The upstream answered RetCode 0 without an access key."))
                        : now(CompatEnvelope.failure(
                                failure.retCode(), failure.reason() == null ? "" : failure.reason()));
            case UNAVAILABLE ->
                new Failure(CompatEnvelope.failure(UPSTREAM_UNAVAILABLE, failure.getMessage()), failure.retryAfter());
            case OUTCOME_UNKNOWN -> now(CompatEnvelope.failure(OUTCOME_UNKNOWN, failure.getMessage()));
            case SUCCESS -> throw new IllegalStateException("a success is no failure");
        };
    }
}
