package io.keywarden.support;

import idp.TestIdentityProvider;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts the test identity provider (once per JVM) before keywarden's context binds its settings,
 * and points keywarden's JWT and OpenID Connect issuers at it: its port is known only once it runs.
 */
public class IdentityProviderInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String issuer = TestIdentityProvider.shared().issuer();
        context.getEnvironment()
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "testIdentityProvider",
                        Map.of("keywarden.identity.jwt.issuer", issuer, "keywarden.identity.oidc.issuer", issuer)));
    }
}
