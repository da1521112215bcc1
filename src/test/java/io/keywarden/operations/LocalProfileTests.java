package io.keywarden.operations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code local} profile serves the sandbox, whose open paths list live secrets, and knows
 * demo tokens printed in the README: it must listen on loopback only. Read from the profile's
 * configuration as a start with it resolves it, without starting the application.
 */
class LocalProfileTests {

    @Test
    void theLocalProfileListensOnLoopbackOnly() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Nothing.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .profiles("local")
                .run("--spring.docker.compose.enabled=false")) {
            assertThat(context.getEnvironment().getProperty("server.address")).isEqualTo("127.0.0.1");
            assertThat(context.getEnvironment().getProperty("keywarden.sandbox.enabled"))
                    .isEqualTo("true");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Nothing {}
}
