package io.keywarden.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import idp.TestIdentityProvider;
import io.keywarden.support.Api;
import io.keywarden.support.ApplicationTestBase;
import io.keywarden.support.KeywardenTest;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Services call the API with access tokens of the identity provider (a real authorization server
 * on loopback, client-credentials grant): they create and rotate keys, the audit log names the
 * client, the token's subject and its {@code jti}, and the provider can rotate its signing key.
 * Every kind of bad token is a 401 {@code invalid_token} that says nothing more, and none is
 * logged.
 */
@KeywardenTest
@ExtendWith(OutputCaptureExtension.class)
class JwtBearerTests extends ApplicationTestBase {

    private static final TestIdentityProvider IDP = TestIdentityProvider.shared();

    /** keywarden.identity.jwt.jwk-refetch-cooldown in the test profile. */
    private static final Duration COOLDOWN = Duration.ofSeconds(2);

    @Test
    void aServiceCreatesAndRotatesKeysWithItsToken() throws ParseException {
        String token = IDP.clientCredentialsToken("svc-issuer");
        String jti = SignedJWT.parse(token).getJWTClaimsSet().getJWTID();
        String user = newUser();

        var created = api.createKey(token, newIdempotencyKey(), user);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var rotated = api.call("POST", Api.keyPath(created.text("accessKeyId")) + "/rotate")
                .token(token)
                .header("Idempotency-Key", newIdempotencyKey())
                .send();
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);

        List<Map<String, Object>> events = jdbc.queryForList(
                "SELECT actor, token_subject, token_id FROM audit_event WHERE user_name = ? ORDER BY id", user);
        assertThat(events).hasSizeGreaterThanOrEqualTo(2).allSatisfy(event -> {
            assertThat(event.get("actor")).isEqualTo("jwt-issuer");
            assertThat(event.get("token_subject")).isEqualTo("svc-issuer");
            assertThat(event.get("token_id")).isEqualTo(jti);
        });
        var verification = api.call("GET", "/admin/v1/audit-events/verification")
                .token(Api.AUDITOR)
                .send();
        assertThat(verification.json().toString()).contains("\"intact\":true");
    }

    @Test
    void aStaticTokenStillWorksAndLeavesNoTokenSubjectInTheAuditLog() {
        String user = newUser();

        assertThat(api.createKey(Api.ISSUER, newIdempotencyKey(), user).status())
                .isEqualTo(201);

        assertThat(jdbc.queryForList(
                        "SELECT token_subject FROM audit_event WHERE user_name = ? AND actor = 'test-issuer'",
                        String.class,
                        user))
                .isNotEmpty()
                .containsOnlyNulls();
    }

    @Test
    void aForgedTokenWithEveryClaimRightIsAccepted() {
        String token = sign(IDP.signingKey(), JWSAlgorithm.RS256, claims(Function.identity()));

        var answer = api.call("GET", "/v1/access-keys?userName=" + newUser())
                .token(token)
                .send();

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    @Test
    void afterTheProviderRotatesItsKeyNewTokensAreAcceptedWithinOneCooldownAndOldOnesStillVerify()
            throws ParseException {
        String before = IDP.clientCredentialsToken("svc-auditor");
        IDP.rotateSigningKey();
        String after = IDP.clientCredentialsToken("svc-auditor");
        assertThat(SignedJWT.parse(after).getHeader().getKeyID())
                .isNotEqualTo(SignedJWT.parse(before).getHeader().getKeyID());

        String path = "/v1/access-keys?userName=" + newUser();
        // A refetch for the new kid waits for the cooldown (2 s in tests) after the last fetch.
        await().atMost(Duration.ofSeconds(20))
                .until(() -> api.call("GET", path).token(after).send().status(), status -> status == 200);
        assertThat(api.call("GET", path).token(before).send().status()).isEqualTo(200);
    }

    @Test
    void aKeyTheProviderPublishesAheadOfItsUseIsFetchedOnTheKeySetsLifetimeBeforeItsFirstToken() throws ParseException {
        String path = "/v1/access-keys?userName=" + newUser();
        String current = IDP.clientCredentialsToken("svc-auditor");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> api.call("GET", path).token(current).send().status(), status -> status == 200);
        String next = IDP.publishKeyAhead();
        int publishedAt = IDP.keySetFetches();

        // Callers go on with the current key; the key set's lifetime (4 s in tests) brings the new one.
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            assertThat(api.call("GET", path).token(current).send().status()).isEqualTo(200);
            return IDP.keySetFetches() > publishedAt;
        });
        int fetched = IDP.keySetFetches();
        IDP.signWith(next);
        String first = IDP.clientCredentialsToken("svc-auditor");
        assertThat(SignedJWT.parse(first).getHeader().getKeyID()).isEqualTo(next);

        assertThat(api.call("GET", path).token(first).send().status()).isEqualTo(200);
        assertThat(IDP.keySetFetches())
                .as("accepted with the keys already held")
                .isEqualTo(fetched);
    }

    @Test
    void tokensNamingUnknownKeysCostTheProviderAtMostOneKeySetFetchPerCooldown() throws JOSEException {
        RSAKey attacker = TestIdentityProvider.unpublishedKey();
        String valid = IDP.clientCredentialsToken("svc-auditor");
        String path = "/v1/access-keys?userName=" + newUser();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> api.call("GET", path).token(valid).send().status(), status -> status == 200);
        int before = IDP.keySetFetches();
        long started = System.nanoTime();

        List<String> paths = List.of(path, "/admin/v1/jobs", "/no/such/path", "/actuator/health");
        for (int i = 0; i < 40; i++) {
            String kid = i % 2 == 0 ? "never-published" : UUID.randomUUID().toString();
            String token = sign(
                    new RSASSASigner(attacker),
                    new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(),
                    claims(Function.identity()));
            var answer =
                    api.call("GET", paths.get(i % paths.size())).token(token).send();
            assertThat(answer.status()).as(answer.body()).isEqualTo(401);
        }

        long cooldowns = Duration.ofNanos(System.nanoTime() - started).toMillis() / COOLDOWN.toMillis();
        assertThat(IDP.keySetFetches() - before)
                .as("key set fetches for 40 tokens with unknown keys over %d whole cooldowns", cooldowns)
                .isLessThanOrEqualTo((int) (1 + cooldowns));
        assertThat(api.call("GET", path).token(valid).send().status()).isEqualTo(200);
    }

    @Test
    void whileTheProvidersKeysAreUnreachableAJwtIsA503AndStaticTokensStillWork(CapturedOutput output) {
        String token = IDP.clientCredentialsToken("svc-auditor");
        String path = "/v1/access-keys?userName=" + newUser();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> api.call("GET", path).token(token).send().status(), status -> status == 200);

        IDP.keysUnreachable(true);
        try {
            // Keys already held keep working until their lifetime ends and the refresh fails.
            Api.Answer refused = await().atMost(Duration.ofSeconds(30))
                    .until(() -> api.call("GET", path).token(token).send(), answer -> answer.status() != 200);

            assertThat(refused.status()).as(refused.body()).isEqualTo(503);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.text("type")).endsWith("/identity-provider-unavailable");
            assertThat(refused.header("Retry-After")).isNotBlank();
            assertThat(api.call("GET", path).token(Api.AUDITOR).send().status()).isEqualTo(200);
        } finally {
            IDP.keysUnreachable(false);
        }
        await().atMost(Duration.ofSeconds(20))
                .until(() -> api.call("GET", path).token(token).send().status(), status -> status == 200);
        assertThat(output.getAll()).doesNotContain(" ERROR ").doesNotContain(token);
    }

    @Test
    void aTokenWithoutIssuedAtOrNotBeforeIsAcceptedWhenItsExpiryIsWithinTheMaximumFromNow() {
        String token = sign(
                IDP.signingKey(),
                JWSAlgorithm.RS256,
                claims(c -> c.issueTime(null)
                        .notBeforeTime(null)
                        .expirationTime(Date.from(Instant.now().plus(Duration.ofHours(23))))));

        var answer = api.call("GET", "/v1/access-keys?userName=" + newUser())
                .token(token)
                .send();

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    static Stream<Arguments> badTokens() {
        Instant now = Instant.now();
        return Stream.of(
                Arguments.of("expired beyond the clock skew", (Bad) () -> sign(
                        IDP.signingKey(),
                        JWSAlgorithm.RS256,
                        claims(c -> c.issueTime(Date.from(now.minusSeconds(600)))
                                .expirationTime(Date.from(now.minusSeconds(120)))))),
                Arguments.of("not yet valid beyond the clock skew", (Bad) () -> sign(
                        IDP.signingKey(),
                        JWSAlgorithm.RS256,
                        claims(c -> c.notBeforeTime(Date.from(now.plusSeconds(120)))))),
                Arguments.of("without exp", (Bad)
                        () -> sign(IDP.signingKey(), JWSAlgorithm.RS256, claims(c -> c.expirationTime(null)))),
                Arguments.of("living longer than the maximum token lifetime from its iat", (Bad) () -> sign(
                        IDP.signingKey(),
                        JWSAlgorithm.RS256,
                        claims(c -> c.notBeforeTime(null).expirationTime(Date.from(now.plus(Duration.ofHours(25))))))),
                Arguments.of("living longer than the maximum token lifetime from its nbf", (Bad) () -> sign(
                        IDP.signingKey(),
                        JWSAlgorithm.RS256,
                        claims(c -> c.issueTime(Date.from(now.minusSeconds(3600)))
                                .notBeforeTime(Date.from(now.minusSeconds(3600)))
                                .expirationTime(Date.from(now.plus(Duration.ofHours(24))))))),
                Arguments.of("with exp far off and no iat or nbf", (Bad) () -> sign(
                        IDP.signingKey(),
                        JWSAlgorithm.RS256,
                        claims(c -> c.issueTime(null)
                                .notBeforeTime(null)
                                .expirationTime(Date.from(now.plus(Duration.ofDays(365))))))),
                Arguments.of("wrong issuer", (Bad)
                        () -> sign(IDP.signingKey(), JWSAlgorithm.RS256, claims(c -> c.issuer("https://idp.example")))),
                Arguments.of("wrong audience", (Bad)
                        () -> sign(IDP.signingKey(), JWSAlgorithm.RS256, claims(c -> c.audience("someone-else")))),
                Arguments.of("alg none", (Bad)
                        () -> new PlainJWT(new PlainHeader(), claims(Function.identity())).serialize()),
                Arguments.of("HMAC keyed with the provider's public key", (Bad) JwtBearerTests::hmacWithPublicKey),
                Arguments.of("unknown kid", (Bad) () ->
                        sign(TestIdentityProvider.unpublishedKey(), JWSAlgorithm.RS256, claims(Function.identity()))),
                Arguments.of("tampered payload", (Bad) JwtBearerTests::tampered),
                Arguments.of(
                        "a subject no client entry names", (Bad) () -> IDP.clientCredentialsToken("svc-stranger")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTokens")
    void aBadTokenIsA401InvalidTokenThatSaysNoMoreAndIsNotLogged(String kind, Bad bad, CapturedOutput output)
            throws Exception {
        String token = bad.token();

        var answer = api.call("GET", "/v1/access-keys?userName=" + newUser())
                .token(token)
                .send();

        assertThat(answer.status()).as(answer.body()).isEqualTo(401);
        assertThat(answer.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.text("detail")).isEqualTo("The bearer token is malformed or unknown.");
        String[] parts = token.split("\\.");
        assertThat(output.getAll()).doesNotContain(token).doesNotContain(parts[1]);
        if (parts.length == 3) {
            assertThat(output.getAll()).doesNotContain(parts[2]);
        }
    }

    @FunctionalInterface
    interface Bad {
        String token() throws Exception;
    }

    /** The claims of a token the provider could have issued to svc-issuer, changed by {@code change}. */
    private static JWTClaimsSet claims(Function<JWTClaimsSet.Builder, JWTClaimsSet.Builder> change) {
        Instant now = Instant.now();
        return change.apply(new JWTClaimsSet.Builder()
                        .issuer(IDP.issuer())
                        .subject("svc-issuer")
                        .audience(TestIdentityProvider.AUDIENCE)
                        .issueTime(Date.from(now))
                        .notBeforeTime(Date.from(now))
                        .expirationTime(Date.from(now.plusSeconds(300)))
                        .jwtID(UUID.randomUUID().toString()))
                .build();
    }

    private static String sign(RSAKey key, JWSAlgorithm algorithm, JWTClaimsSet claims) {
        try {
            return sign(
                    new RSASSASigner(key),
                    new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).build(),
                    claims);
        } catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String sign(JWSSigner signer, JWSHeader header, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The classic confusion: HS256 with the provider's public key, which anyone has, as the secret. */
    private static String hmacWithPublicKey() throws JOSEException {
        RSAKey key = IDP.signingKey();
        byte[] publicKey = key.toRSAPublicKey().getEncoded();
        return sign(
                new MACSigner(publicKey),
                new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).build(),
                claims(Function.identity()));
    }

    /** A genuine token of svc-issuer whose payload now claims svc-admin, its signature kept. */
    private static String tampered() {
        String[] parts = IDP.clientCredentialsToken("svc-issuer").split("\\.");
        Base64.Decoder decoder = Base64.getUrlDecoder();
        String payload = new String(decoder.decode(parts[1]), StandardCharsets.UTF_8);
        String changed = payload.replace("\"svc-issuer\"", "\"svc-admin\"");
        assertThat(changed).isNotEqualTo(payload);
        return parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(changed.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
    }
}
