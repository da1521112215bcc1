package io.keywarden.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

class SandboxPropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ConfigurationPropertiesAutoConfiguration.class, ValidationAutoConfiguration.class))
            .withUserConfiguration(SandboxConfiguration.class);

    @Test
    void noSandboxUnlessEnabled() {
        runner.run(context -> assertThat(context).doesNotHaveBean(SandboxUpstream.class));
    }

    @Test
    void enabledSandboxUsesTheConfiguredSettings() {
        runner.withPropertyValues(
                        "keywarden.sandbox.enabled=true",
                        "keywarden.sandbox.key-pairs[0].public-key=pub",
                        "keywarden.sandbox.key-pairs[0].private-key=s3cr3t-value",
                        "keywarden.sandbox.max-keys-per-user=3",
                        "keywarden.sandbox.latency=50ms")
                .run(context -> {
                    SandboxProperties properties = context.getBean(SandboxProperties.class);
                    assertThat(properties.toSettings().maxKeysPerUser()).isEqualTo(3);
                    assertThat(properties.toSettings().latency()).hasMillis(50);
                    assertThat(properties.toSettings().listIncludesSecret()).isTrue();
                    assertThat(properties.toString())
                            .doesNotContain("s3cr3t-value")
                            .contains("(hidden)");
                    assertThat(context).hasSingleBean(SandboxUpstream.class);
                });
    }

    @Test
    void enabledSandboxWithoutKeyPairsFailsNamingTheProperty() {
        runner.withPropertyValues("keywarden.sandbox.enabled=true")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("keywarden.sandbox.key-pairs"));
    }
}
