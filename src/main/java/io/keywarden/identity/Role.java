package io.keywarden.identity;

/**
 * What a client may do: ISSUER creates, rotates and reads keys in its scope; AUDITOR reads keys
 * and the audit log in its scope; ADMIN does everything; METRICS reads {@code
 * /actuator/prometheus} and nothing else, so the scraper's token cannot touch a key.
 */
public enum Role {
    ISSUER,
    AUDITOR,
    ADMIN,
    METRICS
}
