package io.keywarden.identity.internal;

import io.keywarden.identity.Caller;

/**
 * The client a bearer token authenticated and, for an identity-provider token, the token's
 * subject and {@code jti}, which the request's context carries (and the audit log records beside
 * the client's name).
 */
record BearerCaller(Caller caller, String subject, String tokenId) {

    static BearerCaller ofStaticToken(Caller caller) {
        return new BearerCaller(caller, null, null);
    }
}
