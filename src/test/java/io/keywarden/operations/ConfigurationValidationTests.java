package io.keywarden.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.audit.internal.AuditProperties;
import io.keywarden.events.EventsProperties;
import io.keywarden.identity.internal.BearerProperties;
import io.keywarden.identity.internal.ClientProperties;
import io.keywarden.identity.internal.OidcProperties;
import io.keywarden.issuance.internal.IssuanceProperties;
import io.keywarden.upstream.internal.UpstreamProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/** A deployment with missing or malformed settings does not start, and says which property is wrong. */
class ConfigurationValidationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Settings.class)
            .withPropertyValues(
                    "keywarden.identity.oidc.client-secret=console-secret",
                    "keywarden.upstream.public-key=pk",
                    "keywarden.upstream.private-key=sk-very-secret",
                    "keywarden.idempotency.replay-key=+R+z7mZnCpTtODF/x/CW+2OSEQ3fAAp5HFp3nEYA3eI=",
                    "keywarden.audit.chain-key=YSKwZOlCbTUfniHvpEDG+WIsmCjyIYabfNgyJ+sufFA=",
                    "keywarden.audit.signing-key=KxTRcipx0WdjRIMscoFPnL5aYKqHab7wz3CnB7S4H+c=",
                    "keywarden.audit.checkpoint.directory=target/config-test-checkpoints");

    @Test
    void completeSettingsStart() {
        runner.run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void withoutTheUpstreamPrivateKeyTheStartFailsNamingIt() {
        runner.withPropertyValues("keywarden.upstream.private-key=")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("keywarden.upstream")
                        .hasMessageContaining("privateKey"));
    }

    @Test
    void checkpointsWithoutASigningKeyFailNamingIt() {
        runner.withPropertyValues("keywarden.audit.signing-key=")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("keywarden.audit.signing-key is required"));
    }

    @Test
    void aSigningKeyThatIsNoEd25519KeyFailsNamingIt() {
        runner.withPropertyValues("keywarden.audit.signing-key=c2hvcnQ=")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("keywarden.audit.signing-key must be an Ed25519 private key"));
    }

    @Test
    void checkpointsWithoutADirectoryFailNamingIt() {
        runner.withPropertyValues("keywarden.audit.checkpoint.directory=")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("keywarden.audit.checkpoint.directory is required"));
    }

    @Test
    void withCheckpointsOffNoSigningKeyIsNeeded() {
        runner.withPropertyValues(
                        "keywarden.audit.checkpoint.enabled=false",
                        "keywarden.audit.signing-key=",
                        "keywarden.audit.checkpoint.directory=")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aReplayKeyOfTheWrongLengthFailsNamingIt() {
        runner.withPropertyValues("keywarden.idempotency.replay-key=c2hvcnQ=")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("keywarden.idempotency.replay-key"));
    }

    @Test
    void aMalformedPreviousReplayKeyFailsNamingItsOwnProperty() {
        runner.withPropertyValues("keywarden.idempotency.previous-replay-keys[0]=c2hvcnQ=")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("keywarden.idempotency.previous-replay-keys"));
    }

    @Test
    void aChainKeyThatIsNotBase64FailsNamingIt() {
        runner.withPropertyValues("keywarden.audit.chain-key=not base64 at all!")
                .run(context ->
                        assertThat(context).getFailure().rootCause().hasMessageContaining("keywarden.audit.chain-key"));
    }

    @Test
    void aClientWithAPlainTokenInsteadOfItsHashFailsNamingIt() {
        runner.withPropertyValues(
                        "keywarden.identity.clients[0].name=payments",
                        "keywarden.identity.clients[0].token-sha256=plain-token",
                        "keywarden.identity.clients[0].roles=ISSUER")
                .run(context ->
                        assertThat(context).getFailure().rootCause().hasMessageContaining("clients[0].tokenSha256"));
    }

    @Test
    void twoClientsWithOneNameFailNamingTheRepeatedEntry() {
        runner.withPropertyValues(
                        "keywarden.identity.clients[0].name=payments",
                        "keywarden.identity.clients[0].token-sha256=" + "a".repeat(64),
                        "keywarden.identity.clients[0].roles=ISSUER",
                        "keywarden.identity.clients[1].name=payments",
                        "keywarden.identity.clients[1].token-sha256=" + "b".repeat(64),
                        "keywarden.identity.clients[1].roles=AUDITOR")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining(
                                "keywarden.identity.clients[1].name repeats keywarden.identity.clients[0].name"));
    }

    @Test
    void twoClientsWithOneTokenHashFailNamingTheRepeatedEntryWhateverTheCaseOfTheHex() {
        runner.withPropertyValues(
                        "keywarden.identity.clients[0].name=payments",
                        "keywarden.identity.clients[0].token-sha256=" + "ab".repeat(32),
                        "keywarden.identity.clients[0].roles=ISSUER",
                        "keywarden.identity.clients[1].name=billing",
                        "keywarden.identity.clients[1].token-sha256=" + "AB".repeat(32),
                        "keywarden.identity.clients[1].roles=ISSUER")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining(
                                "keywarden.identity.clients[1].token-sha256 repeats keywarden.identity.clients[0].token-sha256")
                        .hasMessageNotContaining("ab".repeat(32)));
    }

    @Test
    void aMetricsClientIsConfiguredLikeAnyOther() {
        runner.withPropertyValues(
                        "keywarden.identity.clients[0].name=prometheus",
                        "keywarden.identity.clients[0].token-sha256=" + "c".repeat(64),
                        "keywarden.identity.clients[0].roles=METRICS")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void anIssuerWithoutAudiencesFailsNamingTheProperty() {
        runner.withPropertyValues("keywarden.identity.jwt.issuer=https://idp.example/realms/ops")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("keywarden.identity.jwt.audiences"));
    }

    @Test
    void aKeySetLifetimeShorterThanTheRefetchCooldownFailsNamingBoth() {
        runner.withPropertyValues(
                        "keywarden.identity.jwt.issuer=https://idp.example/realms/ops",
                        "keywarden.identity.jwt.audiences=keywarden",
                        "keywarden.identity.jwt.jwk-refetch-cooldown=1m",
                        "keywarden.identity.jwt.jwk-set-lifetime=30s")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("keywarden.identity.jwt.jwk-set-lifetime")
                        .hasMessageContaining("keywarden.identity.jwt.jwk-refetch-cooldown"));
    }

    @Test
    void aMaximumTokenLifetimeThatIsNotPositiveFailsNamingIt() {
        runner.withPropertyValues("keywarden.identity.jwt.max-token-lifetime=0s")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("keywarden.identity.jwt.max-token-lifetime"));
    }

    @Test
    void turningStaticTokensOffWithoutAnIssuerFailsNamingBoth() {
        runner.withPropertyValues("keywarden.identity.static-tokens=false")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("keywarden.identity.static-tokens")
                        .hasMessageContaining("keywarden.identity.jwt.issuer"));
    }

    @Test
    void aClientWithNeitherTokenHashNorSubjectFailsNamingIt() {
        runner.withPropertyValues(
                        "keywarden.identity.clients[0].name=payments", "keywarden.identity.clients[0].roles=ISSUER")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("keywarden.identity.clients[0] needs a token-sha256")
                        .hasMessageContaining("subject"));
    }

    @Test
    void aClientKnownOnlyByItsTokenSubjectStarts() {
        runner.withPropertyValues(
                        "keywarden.identity.jwt.issuer=https://idp.example/realms/ops",
                        "keywarden.identity.jwt.audiences=keywarden",
                        "keywarden.identity.clients[0].name=payments",
                        "keywarden.identity.clients[0].subject=system:serviceaccount:payments:api",
                        "keywarden.identity.clients[0].roles=ISSUER")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aClientSealedToAnX25519PublicKeyStarts() {
        runner.withPropertyValues(sealedClient("eWAevObVY6ckTxrWIRVzG/PIE33rdBi0XwtK8WFsIhs="))
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aSealToKeyThatIsNotBase64FailsNamingTheClient() {
        runner.withPropertyValues(sealedClient("not base64!"))
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("keywarden.identity.clients[1].seal-to of client payments is not base64")
                        .hasMessageContaining("raw 32-byte X25519 public key"));
    }

    @Test
    void aSealToKeyOfTheWrongLengthFailsNamingTheClient() {
        // A PEM's base64 (the SubjectPublicKeyInfo, 44 bytes) instead of the raw key inside it.
        runner.withPropertyValues(sealedClient("MCowBQYDK2VuAyEAeWAevObVY6ckTxrWIRVzG/PIE33rdBi0XwtK8WFsIhs="))
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining(
                                "keywarden.identity.clients[1].seal-to of client payments decodes to 44 bytes"));
    }

    @Test
    void aSealToKeyOfSmallOrderFailsNamingTheClient() {
        // The point of order 1 (u = 1): every agreement with it yields zeros, so it would seal nothing.
        runner.withPropertyValues(sealedClient("AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="))
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("keywarden.identity.clients[1].seal-to of client payments is a point of"
                                + " small order"));
    }

    @Test
    void autoRotateWithoutASealToKeyFailsNamingTheClient() {
        runner.withPropertyValues(
                        "keywarden.identity.clients[0].name=billing",
                        "keywarden.identity.clients[0].token-sha256=" + "a".repeat(64),
                        "keywarden.identity.clients[0].roles=ISSUER",
                        "keywarden.identity.clients[0].auto-rotate=true")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining(
                                "keywarden.identity.clients[0].auto-rotate of client billing requires its seal-to"));
    }

    @Test
    void autoRotateWithASealToKeyStarts() {
        String[] sealed = sealedClient("eWAevObVY6ckTxrWIRVzG/PIE33rdBi0XwtK8WFsIhs=");
        String[] withAutoRotate = java.util.Arrays.copyOf(sealed, sealed.length + 1);
        withAutoRotate[sealed.length] = "keywarden.identity.clients[1].auto-rotate=true";
        runner.withPropertyValues(withAutoRotate)
                .run(context -> assertThat(context).hasNotFailed());
    }

    /** A second client, {@code payments}, whose secrets are sealed to {@code sealTo}. */
    private static String[] sealedClient(String sealTo) {
        return new String[] {
            "keywarden.identity.clients[0].name=billing",
            "keywarden.identity.clients[0].token-sha256=" + "a".repeat(64),
            "keywarden.identity.clients[0].roles=ISSUER",
            "keywarden.identity.clients[1].name=payments",
            "keywarden.identity.clients[1].token-sha256=" + "b".repeat(64),
            "keywarden.identity.clients[1].roles=ISSUER",
            "keywarden.identity.clients[1].seal-to=" + sealTo
        };
    }

    @Test
    void anOidcIssuerWithoutAClientIdFailsNamingIt() {
        runner.withPropertyValues("keywarden.identity.oidc.issuer=https://idp.example/realms/ops")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("keywarden.identity.oidc.client-id"));
    }

    @Test
    void theExpiringLeadTimeIsThreeDaysUnlessSetAndANegativeOneFailsNamingIt() {
        runner.run(context -> assertThat(context.getBean(EventsProperties.class).expiringLeadTime())
                .isEqualTo(Duration.ofDays(3)));
        runner.withPropertyValues("keywarden.events.expiring-lead-time=-PT1H")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("keywarden.events.expiring-lead-time must be a positive duration"));
    }

    @Test
    void noSettingsObjectShowsASecretInItsText() {
        runner.run(context -> {
            assertThat(context.getBean(UpstreamProperties.class).toString()).doesNotContain("sk-very-secret");
            assertThat(context.getBean(IssuanceProperties.class).toString()).doesNotContain("+R+z7");
            assertThat(context.getBean(AuditProperties.class).toString()).doesNotContain("YSKw");
            assertThat(context.getBean(OidcProperties.class).toString()).doesNotContain("console-secret");
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({
        UpstreamProperties.class,
        IssuanceProperties.class,
        AuditProperties.class,
        ClientProperties.class,
        BearerProperties.class,
        OidcProperties.class,
        EventsProperties.class
    })
    static class Settings {}
}
