package io.keywarden.identity.internal;

import io.keywarden.identity.ConsoleSignIn;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

/**
 * keywarden's one registration at the identity provider, read from the provider's discovery
 * document the first time someone signs in rather than at start-up, so keywarden and its API
 * start while the provider is down; a failed discovery is tried again at the next sign-in.
 */
final class LazyClientRegistrations implements ClientRegistrationRepository {

    static final String REGISTRATION_ID = ConsoleSignIn.REGISTRATION_ID;

    private final OidcProperties settings;
    private final AtomicReference<ClientRegistration> registration = new AtomicReference<>();

    LazyClientRegistrations(OidcProperties settings) {
        this.settings = settings;
    }

    @Override
    public ClientRegistration findByRegistrationId(String registrationId) {
        if (!REGISTRATION_ID.equals(registrationId)) {
            return null;
        }
        ClientRegistration known = registration.get();
        if (known == null) {
            known = discover();
            registration.compareAndSet(null, known);
        }
        return known;
    }

    private ClientRegistration discover() {
        boolean confidential =
                settings.clientSecret() != null && !settings.clientSecret().isBlank();
        return ClientRegistrations.fromIssuerLocation(settings.issuer().toString())
                .registrationId(REGISTRATION_ID)
                .clientId(settings.clientId())
                .clientSecret(confidential ? settings.clientSecret() : null)
                .clientAuthenticationMethod(
                        confidential ? ClientAuthenticationMethod.CLIENT_SECRET_BASIC : ClientAuthenticationMethod.NONE)
                .scope(settings.scopes())
                .userNameAttributeName("sub")
                .redirectUri("{baseUrl}" + ConsoleSignIn.CALLBACK_BASE + "/{registrationId}")
                .build();
    }
}
