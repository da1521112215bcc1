package io.keywarden.upstream.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Signed requests and new secrets never cross the network in clear by accident: a plain http
 * upstream stops the start-up naming {@code keywarden.upstream.base-url}, unless it is the
 * sandbox or an operator allowed it, which is then said at every start.
 */
@ExtendWith(OutputCaptureExtension.class)
class UpstreamTransportCheckTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Settings.class)
            .withPropertyValues("keywarden.upstream.public-key=pk", "keywarden.upstream.private-key=sk-very-secret");

    @Test
    void anHttpsUpstreamStarts() {
        runner.withPropertyValues("keywarden.upstream.base-url=https://api.scloudsg.com/")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aPlainHttpUpstreamStopsTheStartNamingTheProperty() {
        runner.withPropertyValues("keywarden.upstream.base-url=http://api.scloudsg.com/")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("keywarden.upstream.base-url must be an https:// URL")
                        .hasMessageContaining("keywarden.upstream.allow-insecure-http")
                        .hasMessageNotContaining("sk-very-secret"));
    }

    @Test
    void aUrlOfAnotherSchemeStopsTheStartEvenWhenHttpIsAllowed() {
        runner.withPropertyValues(
                        "keywarden.upstream.base-url=ftp://api.scloudsg.com/",
                        "keywarden.upstream.allow-insecure-http=true")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("keywarden.upstream.base-url"));
    }

    @Test
    void thePlainHttpSandboxStarts(CapturedOutput output) {
        runner.withPropertyValues(
                        "keywarden.upstream.base-url=http://127.0.0.1:8080/sandbox/upstream/",
                        "keywarden.sandbox.enabled=true")
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(output.getAll()).doesNotContain("allow-insecure-http");
    }

    @Test
    void anAllowedPlainHttpUpstreamStartsWithAWarning(CapturedOutput output) {
        runner.withPropertyValues(
                        "keywarden.upstream.base-url=http://iam.internal:8080/",
                        "keywarden.upstream.allow-insecure-http=true")
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(output.getAll())
                .contains("WARN")
                .contains("keywarden.upstream.base-url is plain http (http://iam.internal:8080/)")
                .doesNotContain("sk-very-secret");
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(UpstreamProperties.class)
    @Import(UpstreamTransportCheck.class)
    static class Settings {}
}
