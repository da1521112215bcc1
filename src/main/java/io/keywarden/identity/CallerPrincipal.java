package io.keywarden.identity;

/**
 * A principal that acts as a {@link Caller} without being one: a person signed in through the
 * identity provider stays an OpenID Connect user (sign-out needs its ID token) and still answers
 * to the same roles and scope rules as an API client.
 */
public interface CallerPrincipal {

    Caller caller();

    /**
     * The name people know this person by (the provider's {@code preferred_username} or {@code
     * name}), shown beside the caller's name, which is built from the provider's stable subject;
     * neither unique nor stable, so never used to decide anything. {@code null} when unknown.
     */
    default String displayName() {
        return null;
    }
}
