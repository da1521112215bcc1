package io.keywarden.web;

import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What Tomcat must do before keywarden sees a request. Key ids are the gateway's public keys,
 * standard Base64 with {@code /}, so a caller sends one as a single path segment with {@code %2F}:
 * Tomcat keeps that (and {@code %25}) encoded instead of refusing it, and Spring decodes the path
 * variable itself, so an encoded slash never becomes a path separator.
 */
@Configuration(proxyBeanMethods = false)
class ContainerConfiguration {

    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> encodedSlashes() {
        return new TomcatCustomizer();
    }

    private static final class TomcatCustomizer
            implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> {

        @Override
        public void customize(ConfigurableTomcatWebServerFactory factory) {
            factory.addConnectorCustomizers(
                    connector -> connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue()));
        }
    }
}
