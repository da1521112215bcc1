package io.keywarden.sandbox;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes the sandbox core a bean, only where {@code keywarden.sandbox.enabled=true}, so that the
 * controller and any test can reach the same instance to arm faults and inspect keys.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("keywarden.sandbox.enabled")
@EnableConfigurationProperties(SandboxProperties.class)
class SandboxConfiguration {

    @Bean
    SandboxUpstream sandboxUpstream(SandboxProperties properties) {
        return new SandboxUpstream(properties.toSettings());
    }
}
