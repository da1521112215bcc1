package io.keywarden.security;

/** What a client may do: ISSUER creates, rotates and reads keys in its scope; AUDITOR reads keys and the audit log; ADMIN does everything. */
public enum Role {
    ISSUER,
    AUDITOR,
    ADMIN
}
