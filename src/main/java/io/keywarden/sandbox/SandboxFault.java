package io.keywarden.sandbox;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One fault to inject, as armed through the fault API. Defaults are filled in here, so what the
 * API lists is exactly what will happen.
 *
 * @param type what goes wrong
 * @param action the only Action it applies to, or {@code null} for every Action
 * @param times how many more requests it applies to, or {@code null} until cleared
 * @param status the HTTP status of {@code HTTP_STATUS} (default 503)
 * @param delay the delay of {@code LATENCY}, the hold of {@code NO_ANSWER} and
 *     {@code CREATE_WITHOUT_ANSWER} (default 30 s)
 * @param retryAfter the {@code Retry-After} of {@code HTTP_STATUS}, or {@code null}
 * @param retCode the RetCode of {@code RET_CODE}
 * @param message the Message of {@code RET_CODE}
 */
public record SandboxFault(
        Type type,
        String action,
        Integer times,
        Integer status,
        Duration delay,
        Duration retryAfter,
        Integer retCode,
        String message) {

    /** The kinds of fault; the first three model a proxy in front of the gateway. */
    public enum Type {
        HTTP_STATUS,
        NO_ANSWER,
        DROP_CONNECTION,
        LATENCY,
        MALFORMED_JSON,
        RET_CODE,
        EMPTY_ACCESS_KEY,
        CREATE_WITHOUT_ANSWER,
        THROTTLE
    }

    /** Faults of a proxy in front of the gateway: they strike before any signature is checked. */
    static final Set<Type> PROXY = Set.of(Type.LATENCY, Type.HTTP_STATUS, Type.NO_ANSWER, Type.DROP_CONNECTION);

    /** Faults of the gateway itself: they strike only once the signature holds. */
    static final Set<Type> GATEWAY = Set.of(
            Type.MALFORMED_JSON, Type.RET_CODE, Type.EMPTY_ACCESS_KEY, Type.CREATE_WITHOUT_ANSWER, Type.THROTTLE);

    private static final Duration DEFAULT_HOLD = Duration.ofSeconds(30);

    public SandboxFault {
        if (type == null) {
            throw new IllegalArgumentException("type is required");
        }
        if (times != null && times < 1) {
            throw new IllegalArgumentException("times must be at least 1, or absent for until cleared");
        }
        if (onlyForCreate(type)) {
            if (action != null && !action.equals("CreateAccessKey")) {
                throw new IllegalArgumentException(type + " applies to CreateAccessKey only");
            }
            action = "CreateAccessKey";
        }
        if (type == Type.HTTP_STATUS) {
            status = status == null ? 503 : status;
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("status must be an HTTP error status, 400 to 599");
            }
        }
        if (type == Type.NO_ANSWER || type == Type.CREATE_WITHOUT_ANSWER) {
            delay = delay == null ? DEFAULT_HOLD : delay;
        }
        if (type == Type.LATENCY && delay == null) {
            throw new IllegalArgumentException("LATENCY needs a delay, for example 200ms");
        }
        if (delay != null && delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative");
        }
        if (type == Type.RET_CODE) {
            if (retCode == null) {
                throw new IllegalArgumentException("RET_CODE needs a retCode");
            }
            message = message == null ? "Injected RetCode " + retCode : message;
        }
    }

    /** A fault that applies to every request until cleared. */
    public static SandboxFault of(Type type) {
        return new SandboxFault(type, null, null, null, null, null, null, null);
    }

    /** Reads a fault from the fault API's fields, all given as text. */
    static SandboxFault fromFields(Map<String, String> fields) {
        String type = fields.get("type");
        if (type == null) {
            throw new IllegalArgumentException("type is required, one of " + Set.of(Type.values()));
        }
        return new SandboxFault(
                Type.valueOf(type.trim().toUpperCase(Locale.ROOT)),
                fields.get("action"),
                integer(fields, "times"),
                integer(fields, "status"),
                duration(fields, "delay"),
                duration(fields, "retryAfter"),
                integer(fields, "retCode"),
                fields.get("message"));
    }

    /** The fields the fault API shows, absent ones left out. */
    Map<String, Object> toFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("type", type.name());
        fields.put("action", action);
        fields.put("times", times);
        fields.put("status", status);
        fields.put("delay", delay == null ? null : SandboxDurations.format(delay));
        fields.put("retryAfter", retryAfter == null ? null : SandboxDurations.format(retryAfter));
        fields.put("retCode", retCode);
        fields.put("message", message);
        fields.values().removeIf(Objects::isNull);
        return fields;
    }

    boolean appliesTo(String requestAction) {
        return action == null || action.equals(requestAction);
    }

    SandboxFault withTimes(Integer remaining) {
        return new SandboxFault(type, action, remaining, status, delay, retryAfter, retCode, message);
    }

    private static boolean onlyForCreate(Type type) {
        return type == Type.EMPTY_ACCESS_KEY || type == Type.CREATE_WITHOUT_ANSWER;
    }

    private static Integer integer(Map<String, String> fields, String name) {
        String value = fields.get(name);
        try {
            return value == null ? null : Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer: " + value, e);
        }
    }

    private static Duration duration(Map<String, String> fields, String name) {
        String value = fields.get(name);
        return value == null ? null : SandboxDurations.parse(value, name);
    }
}
