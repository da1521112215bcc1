package io.keywarden.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

/** Demo operators exist only in the local and test profiles, and a malformed one stops the start naming it. */
class DemoOperatorSettingsTests {

    private static final String HASH = "{bcrypt}$2a$10$5R9cDl0ulQXgeG6WtIwWgeEn4LZjUMsll84VIIDp5nOSBNdCe9CU2";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(DemoOperatorSignIn.class)
            .withPropertyValues(
                    "keywarden.console.demo-operators[0].name=ada",
                    "keywarden.console.demo-operators[0].password-hash=" + HASH,
                    "keywarden.console.demo-operators[0].roles=ADMIN");

    @Test
    void outsideTheLocalAndTestProfilesThereIsNoDemoOperator() {
        runner.withPropertyValues("spring.profiles.active=prod")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(DemoOperatorSignIn.class));
    }

    @Test
    void aProductionStartWithoutDemoOperatorsBindsTheirSettingsAndStarts() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
                .withUserConfiguration(ScannedSettings.class, DemoOperatorSignIn.class)
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(DemoOperatorSignIn.class));
    }

    @Test
    void inTheLocalProfileWithoutDemoOperatorsTheStartFailsNamingTheProperty() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
                .withUserConfiguration(DemoOperatorSignIn.class)
                .withPropertyValues("spring.profiles.active=local")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("keywarden.console.demo-operators"));
    }

    /** What the application's properties scan does: binds the settings in every profile. */
    @EnableConfigurationProperties(DemoOperators.class)
    static class ScannedSettings {}

    @Test
    void inTheLocalProfileTheyCanSignIn() {
        runner.withPropertyValues("spring.profiles.active=local")
                .run(context -> assertThat(context).hasSingleBean(DemoOperatorSignIn.class));
    }

    @Test
    void aPlainPasswordInsteadOfItsHashFailsNamingIt() {
        runner.withPropertyValues(
                        "spring.profiles.active=local", "keywarden.console.demo-operators[0].password-hash=secret")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("keywarden.console")
                        .hasMessageContaining("demoOperators[0].passwordHash"));
    }
}
