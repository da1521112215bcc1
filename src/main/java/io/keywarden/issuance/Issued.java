package io.keywarden.issuance;

/**
 * A key handed to its caller, and whether this answer replays an earlier one.
 *
 * @param key the answer's body
 * @param replayed true when an identical earlier request's answer is served again
 */
public record Issued(IssuedKey key, boolean replayed) {}
