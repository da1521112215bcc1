package io.keywarden.identity.internal;

import com.nimbusds.jose.KeySourceException;
import io.keywarden.identity.Caller;
import io.keywarden.identity.Role;
import io.keywarden.identity.UserNameGlob;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.client.RestTemplate;

/**
 * Turns an identity provider's JWT access token into the client it names (OAuth 2.0 resource
 * server). Only asymmetric signatures by the issuer's published keys count, so neither {@code
 * alg: none} nor an HMAC keyed with a public key can pass; the keys are fetched when first needed,
 * again on their cache lifetime, and for a token naming a {@code kid} not yet seen at most once per
 * cooldown ({@link ProviderKeys}), so the provider can rotate them and nobody can make keywarden
 * fetch them at will. The token's {@code iss}, {@code aud}, {@code exp} (required) and {@code nbf}
 * are checked with at most {@link #CLOCK_SKEW} of clock difference, and its lifetime is bounded.
 * Why a token was refused is logged, the token never; keys that cannot be fetched are a 503.
 */
final class JwtCallers {

    /** The most the provider's clock and keywarden's may differ for {@code exp} and {@code nbf}. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    private static final Logger log = LoggerFactory.getLogger(JwtCallers.class);

    private static final Set<SignatureAlgorithm> ASYMMETRIC = EnumSet.of(
            SignatureAlgorithm.RS256,
            SignatureAlgorithm.RS384,
            SignatureAlgorithm.RS512,
            SignatureAlgorithm.PS256,
            SignatureAlgorithm.PS384,
            SignatureAlgorithm.PS512,
            SignatureAlgorithm.ES256,
            SignatureAlgorithm.ES384,
            SignatureAlgorithm.ES512);

    private final BearerProperties.Jwt settings;
    private final ClientDirectory clients;
    private final JwtDecoder decoder;

    JwtCallers(BearerProperties.Jwt settings, ClientDirectory clients, Clock clock) {
        this.settings = settings;
        this.clients = clients;
        // Nothing is fetched here: keywarden starts, and static tokens work, while the provider is down.
        ProviderKeys keys = new ProviderKeys(
                new ProviderKeySet(
                        settings.issuer(), settings.jwkSetUri(), providerClient(), settings.jwkRefetchCooldown()),
                settings.jwkSetLifetime(),
                clock);
        NimbusJwtDecoder nimbus = NimbusJwtDecoder.withJwkSource(keys)
                .jwsAlgorithms(algorithms -> algorithms.addAll(ASYMMETRIC))
                .build();
        List<String> audiences = settings.audiences();
        OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<List<String>>(
                JwtClaimNames.AUD, aud -> aud != null && aud.stream().anyMatch(audiences::contains));
        JwtTimestampValidator timestamps = new JwtTimestampValidator(CLOCK_SKEW);
        timestamps.setAllowEmptyExpiryClaim(false);
        timestamps.setClock(clock);
        nimbus.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                timestamps,
                new TokenLifetimeValidator(settings.maxTokenLifetime(), CLOCK_SKEW, clock),
                new JwtIssuerValidator(settings.issuer().toString()),
                audience));
        this.decoder = nimbus;
    }

    private static RestTemplate providerClient() {
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(Duration.ofSeconds(2));
        requests.setReadTimeout(Duration.ofSeconds(5));
        return new RestTemplate(requests);
    }

    /**
     * The caller a token authenticates, or empty when the token is not acceptable.
     *
     * @throws IdentityProviderUnavailableException when the provider's keys cannot be fetched
     */
    Optional<BearerCaller> authenticate(String token) {
        Jwt jwt;
        try {
            jwt = decoder.decode(token);
        } catch (BadJwtException ex) {
            log.info("Refused a JWT bearer token: {}", reason(ex));
            return Optional.empty();
        } catch (JwtException ex) {
            KeySourceException unavailable = keysUnavailable(ex);
            if (unavailable != null) {
                throw new IdentityProviderUnavailableException(unavailable);
            }
            log.info("Refused a JWT bearer token: it could not be processed");
            return Optional.empty();
        }
        String subject = jwt.getClaimAsString(settings.subjectClaim());
        Optional<Caller> client = subject == null ? Optional.empty() : clients.bySubject(subject);
        if (client.isEmpty()) {
            log.info("Refused a JWT bearer token: no client has its subject");
            return Optional.empty();
        }
        return Optional.of(new BearerCaller(withClaims(client.get(), jwt), subject, jwt.getId()));
    }

    /** The client entry's roles and scope, or those the token carries where a deployment says so. */
    private Caller withClaims(Caller entry, Jwt jwt) {
        Set<Role> roles = entry.roles();
        if (settings.rolesClaim() != null) {
            roles = strings(jwt, settings.rolesClaim()).stream()
                    .flatMap(name -> Arrays.stream(Role.values())
                            .filter(role -> role.name().equals(name)))
                    .collect(Collectors.toUnmodifiableSet());
        }
        List<UserNameGlob> userNames = entry.userNames();
        if (settings.userNamesClaim() != null) {
            userNames = strings(jwt, settings.userNamesClaim()).stream()
                    .map(UserNameGlob::of)
                    .toList();
        }
        return new Caller(entry.name(), roles, userNames);
    }

    private static List<String> strings(Jwt jwt, String claim) {
        Object value = jwt.getClaims().get(claim);
        if (value instanceof String single) {
            return List.of(single.split(" "));
        }
        if (value instanceof Collection<?> many) {
            return many.stream()
                    .filter(String.class::isInstance)
                    .map(String.class::cast)
                    .toList();
        }
        return List.of();
    }

    /** Why the provider's keys could not be had (discovery or key set unreachable or unreadable). */
    private static KeySourceException keysUnavailable(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof KeySourceException keys) {
                return keys;
            }
        }
        return null;
    }

    /** What was wrong with a token, in the validators' words, which never quote it. */
    private static String reason(BadJwtException ex) {
        if (ex instanceof JwtValidationException invalid) {
            return invalid.getErrors().stream().map(OAuth2Error::getDescription).collect(Collectors.joining("; "));
        }
        return "its signature, key or form is not acceptable";
    }

    /** The provider's discovery document or keys could not be fetched: no token can be checked now. */
    static final class IdentityProviderUnavailableException extends RuntimeException {

        /** Its message is keywarden's own words (never the provider's answer), fit for the log. */
        IdentityProviderUnavailableException(KeySourceException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }
}
