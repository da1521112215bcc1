package io.keywarden.accesskey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The lease arithmetic as tables: grants of new keys and successors, and renewals. */
class LeaseTermsTests {

    private static final Instant CREATED = Instant.parse("2026-11-28T06:00:00Z");
    private static final Duration H1 = Duration.ofHours(1);
    private static final Duration H2 = Duration.ofHours(2);
    private static final Duration H3 = Duration.ofHours(3);
    private static final Duration M30 = Duration.ofMinutes(30);

    static Stream<Arguments> grants() {
        return Stream.of(
                // requested, inherited, maximum, client maximum, default -> lease
                Arguments.of("nothing asked, nothing bounds it", null, null, null, null, null, null),
                Arguments.of("a ttl within the maximum", M30, null, H1, H1, null, M30),
                Arguments.of("a ttl with no maximum", H3, null, null, null, null, H3),
                Arguments.of("a ttl wins over the inherited lease", M30, H2, null, null, null, M30),
                Arguments.of("the predecessor's lease, nobody bounds it", null, H2, null, null, null, H2),
                Arguments.of("the predecessor's lease, cut to the maximum", null, H2, H1, H1, null, H1),
                Arguments.of("the predecessor's lease wins over the default", null, H2, null, null, M30, H2),
                Arguments.of("the default", null, null, null, null, M30, M30),
                Arguments.of("the default, cut to the maximum", null, null, M30, null, H1, M30),
                Arguments.of("a client's maximum when nothing is asked", null, null, H1, H1, null, H1),
                Arguments.of("a global maximum alone gives no lease", null, null, H1, null, null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grants")
    void grant(
            String why,
            Duration requested,
            Duration inherited,
            Duration maximum,
            Duration clientMaximum,
            Duration defaultTtl,
            Duration lease) {
        assertThat(LeaseTerms.grant(requested, inherited, bounds(maximum, clientMaximum, defaultTtl)))
                .isEqualTo(lease);
    }

    @Test
    void aTtlOverTheMaximumIsRefusedNamingIt() {
        assertThatThrownBy(() -> LeaseTerms.grant(H2, H1, bounds(H1, null, null)))
                .isInstanceOfSatisfying(LeaseTooLongException.class, ex -> {
                    assertThat(ex.maxTtl()).isEqualTo(H1);
                    assertThat(ex.getMessage()).contains("PT1H").contains("for someone");
                });
    }

    static Stream<Arguments> lengths() {
        return Stream.of(
                Arguments.of("the lease it was granted", H2, CREATED.plus(H3), H2),
                Arguments.of("an upstream lease: its span", null, CREATED.plus(M30), M30),
                Arguments.of("no lease", null, null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lengths")
    void length(String why, Duration granted, Instant expiresAt, Duration length) {
        assertThat(LeaseTerms.length(granted, CREATED, expiresAt)).isEqualTo(length);
    }

    static Stream<Arguments> renewals() {
        Instant now = CREATED.plus(M30);
        return Stream.of(
                // now, expires, granted, requested, maximum -> expiry, extended
                Arguments.of("a ttl from now", now, CREATED.plus(H1), H1, H2, null, now.plus(H2), true),
                Arguments.of(
                        "no ttl: the granted lease from now",
                        now,
                        CREATED.plus(H1),
                        H1,
                        null,
                        null,
                        now.plus(H1),
                        true),
                Arguments.of(
                        "no ttl: cut to the maximum",
                        now,
                        CREATED.plus(H1),
                        H1,
                        null,
                        Duration.ofMinutes(70),
                        CREATED.plus(Duration.ofMinutes(70)),
                        true),
                Arguments.of(
                        "a shorter ttl keeps the later expiry",
                        now,
                        CREATED.plus(H2),
                        H2,
                        Duration.ofMinutes(10),
                        null,
                        CREATED.plus(H2),
                        false),
                Arguments.of(
                        "a shorter ttl within the maximum keeps the later expiry",
                        now,
                        CREATED.plus(H2),
                        H2,
                        Duration.ofMinutes(10),
                        H3,
                        CREATED.plus(H2),
                        false),
                Arguments.of(
                        "an expiry past a renewer's maximum is kept, never cut",
                        now,
                        CREATED.plus(H3),
                        H3,
                        Duration.ofMinutes(10),
                        H1,
                        CREATED.plus(H3),
                        false),
                Arguments.of(
                        "whole seconds",
                        now.plusMillis(1_500),
                        CREATED.plus(H1),
                        H1,
                        H1,
                        null,
                        now.plus(H1).plusSeconds(1),
                        true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renewals")
    void renew(
            String why,
            Instant now,
            Instant expiresAt,
            Duration granted,
            Duration requested,
            Duration maximum,
            Instant expiry,
            boolean extended) {
        assertThat(LeaseTerms.renew(now, CREATED, expiresAt, granted, requested, bounds(maximum, null, null)))
                .isEqualTo(new LeaseTerms.Renewal(expiry, extended));
    }

    static Stream<Arguments> refusedRenewals() {
        Instant now = CREATED.plus(M30);
        return Stream.of(
                Arguments.of("a ttl ending past the maximum", now, CREATED.plus(H1), H1, H1, H1),
                Arguments.of("no ttl, at the maximum already", now, CREATED.plus(H1), H1, null, H1),
                Arguments.of("no ttl, past the maximum already", now, CREATED.plus(H3), H3, null, H1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedRenewals")
    void renewalRefused(
            String why, Instant now, Instant expiresAt, Duration granted, Duration requested, Duration max) {
        assertThatThrownBy(() -> LeaseTerms.renew(now, CREATED, expiresAt, granted, requested, bounds(max, null, null)))
                .isInstanceOfSatisfying(LeaseTooLongException.class, ex -> {
                    assertThat(ex.maxTtl()).isEqualTo(max);
                    assertThat(ex.latestExpiresAt()).isEqualTo(CREATED.plus(max));
                });
    }

    private static LeaseBounds bounds(Duration maximum, Duration clientMaximum, Duration defaultTtl) {
        return new LeaseBounds(maximum, clientMaximum, defaultTtl, "for someone");
    }
}
