package io.keywarden.security;

/**
 * Where the subject and {@code jti} of a caller's identity-provider token travel while its
 * request is handled: the request's logging context (MDC), which the audit log reads like the
 * request id and which follows the request onto the group-commit writer. Neither is a secret;
 * the token itself is never put anywhere.
 */
public final class TokenClaims {

    /** MDC key of the token's subject, as the configured subject claim holds it. */
    public static final String SUBJECT = "tokenSubject";

    /** MDC key of the token's {@code jti}, when it has one. */
    public static final String TOKEN_ID = "tokenId";

    /**
     * MDC key of the display name of a person signed in to the console through the identity
     * provider (see {@link CallerPrincipal#displayName()}), which the audit log adds to the
     * detail of their events, so an auditor sees who {@code person:<subject>} was.
     */
    public static final String DISPLAY_NAME = "personDisplayName";

    private TokenClaims() {}
}
