package io.keywarden.identity;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;

/**
 * How people sign in to the operator console, for the console's own filter chain to apply: the
 * absolute session timeout always, and, when {@code keywarden.identity.oidc.issuer} is set,
 * OpenID Connect sign-in (authorization code with PKCE) at {@value #AUTHORIZATION_BASE}{@code
 * /keywarden}, its callback under {@value #CALLBACK_BASE}, and sign-out at {@value #SIGN_OUT}
 * that also ends the identity provider's session where the provider supports it. A signed-in
 * person's principal is a {@link io.keywarden.identity.CallerPrincipal}: the roles and user names
 * of their groups, checked by the same rules as an API client's. The idle timeout and the cookie
 * rules are {@code server.servlet.session.*}. The API's own chain never uses sessions.
 */
public interface ConsoleSignIn {

    /** Where a person's browser is sent to start signing in with the identity provider. */
    String AUTHORIZATION_BASE = "/console/oauth2/authorization";

    /** The identity provider's registration: the last segment of the sign-in and callback paths. */
    String REGISTRATION_ID = "keywarden";

    /** Where a person who is not signed in is sent when the identity provider is enabled. */
    String SIGN_IN = AUTHORIZATION_BASE + "/" + REGISTRATION_ID;

    /** Where the identity provider sends the browser back with the authorization code. */
    String CALLBACK_BASE = "/console/login/oauth2/code";

    /** Signing out (POST, with the CSRF token). */
    String SIGN_OUT = "/console/logout";

    /** Adds sign-in, sign-out and the absolute session timeout to the console's chain. */
    void configure(HttpSecurity http) throws Exception;

    /** Whether people sign in with the identity provider (otherwise the console offers its own sign-in). */
    boolean identityProviderEnabled();
}
