package io.keywarden.platform.web;

/** The HTTP headers of keywarden's own protocol, named once for every module that reads or writes them. */
public final class Headers {

    /** The caller's key for retrying a create or rotate safely. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    /**
     * The longest {@value #IDEMPOTENCY_KEY} accepted, and the longest part of a refused one the
     * audit log keeps: one bound for the endpoints that check the key and the audit of requests
     * refused before they could.
     */
    public static final int IDEMPOTENCY_KEY_MAX_LENGTH = 255;

    /** Set to {@code true} on an answer that replays an earlier identical request's answer. */
    public static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

    private Headers() {}
}
