package io.keywarden.identity.internal;

import io.keywarden.identity.ConsoleSignIn;
import io.keywarden.platform.web.ProblemWriter;
import io.keywarden.platform.web.Problems;
import java.time.Clock;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.stereotype.Component;

/**
 * The console's sign-in as configured: OpenID Connect with the provider in {@code
 * keywarden.identity.oidc} when its issuer is set, nothing but the absolute timeout otherwise.
 * PKCE is asked for even as a confidential client, so a stolen authorization code is useless
 * without the browser's verifier.
 */
@Component
class IdentityConsoleSignIn implements ConsoleSignIn {

    private final OidcProperties settings;
    private final Clock clock;
    private final ProblemWriter problems;
    private final LazyClientRegistrations registrations;

    IdentityConsoleSignIn(OidcProperties settings, Clock clock, ProblemWriter problems) {
        this.settings = settings;
        this.clock = clock;
        this.problems = problems;
        this.registrations = new LazyClientRegistrations(settings);
    }

    @Override
    public boolean identityProviderEnabled() {
        return settings.enabled();
    }

    @Override
    public void configure(HttpSecurity http) throws Exception {
        http.addFilterBefore(
                new AbsoluteSessionTimeout(settings.absoluteSessionTimeout(), clock),
                SecurityContextHolderFilter.class);
        if (!settings.enabled()) {
            return;
        }
        http.addFilterAfter(new PersonAuditContext(), SecurityContextHolderFilter.class);
        DefaultOAuth2AuthorizationRequestResolver requests =
                new DefaultOAuth2AuthorizationRequestResolver(registrations, AUTHORIZATION_BASE);
        requests.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        OidcClientInitiatedLogoutSuccessHandler signedOut = new OidcClientInitiatedLogoutSuccessHandler(registrations);
        signedOut.setPostLogoutRedirectUri("{baseUrl}/console");
        http.oauth2Login(login -> login.clientRegistrationRepository(registrations)
                        .loginPage(SIGN_IN)
                        .authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(requests))
                        .redirectionEndpoint(endpoint -> endpoint.baseUri(CALLBACK_BASE + "/*"))
                        .userInfoEndpoint(userInfo -> userInfo.oidcUserService(new GroupRoles(settings)))
                        .failureHandler((request, response, ex) -> problems.write(
                                response,
                                Problems.forbidden(
                                        "Sign-in with the identity provider did not give access to keywarden."))))
                .logout(logout -> logout.logoutUrl(SIGN_OUT).logoutSuccessHandler(signedOut));
    }
}
