package io.keywarden.security;

/**
 * A principal that acts as a {@link Caller} without being one: a person signed in through the
 * identity provider stays an OpenID Connect user (sign-out needs its ID token) and still answers
 * to the same roles and scope rules as an API client.
 */
public interface CallerPrincipal {

    Caller caller();
}
