package io.keywarden.identity.internal;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which bearer tokens the API accepts ({@code keywarden.identity}): the configured clients'
 * static tokens, JWTs from the identity provider, or both. A request uses one of them, chosen by
 * the token's shape; turning static tokens off leaves only JWTs, and leaving the issuer unset
 * leaves only static tokens.
 *
 * @param staticTokens whether static tokens ({@code keywarden.identity.clients[].token-sha256}) are accepted
 * @param jwt the identity provider whose access tokens are accepted, if any
 */
@Validated
@ConfigurationProperties("keywarden.identity")
public record BearerProperties(
        @DefaultValue("true") boolean staticTokens,
        @Valid @DefaultValue Jwt jwt) {

    public BearerProperties {
        if (!staticTokens && !jwt.enabled()) {
            throw new IllegalArgumentException("keywarden.identity.static-tokens is false and"
                    + " keywarden.identity.jwt.issuer is unset: no caller could authenticate");
        }
    }

    /**
     * JWT access tokens of one issuer.
     *
     * @param issuer the expected {@code iss}; its discovery document names the keys unless {@code
     *     jwkSetUri} is given
     * @param jwkSetUri where the issuer's keys are, for issuers without discovery
     * @param audiences the accepted {@code aud} values; a token must carry one of them
     * @param subjectClaim the claim matched against {@code keywarden.identity.clients[].subject}
     * @param rolesClaim if set, the claim the caller's roles come from instead of its client entry
     * @param userNamesClaim if set, the claim its user-name globs come from instead of its client entry
     * @param jwkRefetchCooldown the least time after any fetch of the provider's keys before a token
     *     naming an unknown {@code kid} may make keywarden fetch them again, shared by every request;
     *     also how long a failed fetch is not tried again
     * @param jwkSetLifetime how long the provider's keys are held before they are fetched again
     *     anyway, which is how keys the provider publishes ahead of use are found before their use
     * @param maxTokenLifetime the longest a token may live, from its {@code nbf} (else its {@code iat},
     *     else now) to its {@code exp}, which every token must have
     */
    public record Jwt(
            URI issuer,
            URI jwkSetUri,
            @DefaultValue List<@NotBlank String> audiences,

            @DefaultValue("sub") @Pattern(regexp = "[A-Za-z0-9_.:/-]{1,100}")
            String subjectClaim,

            @Pattern(regexp = "[A-Za-z0-9_.:/-]{1,100}") String rolesClaim,
            @Pattern(regexp = "[A-Za-z0-9_.:/-]{1,100}") String userNamesClaim,
            @DefaultValue("30s") Duration jwkRefetchCooldown,
            @DefaultValue("5m") Duration jwkSetLifetime,
            @DefaultValue("24h") Duration maxTokenLifetime) {

        public Jwt {
            positive(jwkRefetchCooldown, "jwk-refetch-cooldown");
            positive(jwkSetLifetime, "jwk-set-lifetime");
            positive(maxTokenLifetime, "max-token-lifetime");
            if (jwkSetLifetime.compareTo(jwkRefetchCooldown) < 0) {
                throw new IllegalArgumentException("keywarden.identity.jwt.jwk-set-lifetime (" + jwkSetLifetime
                        + ") must not be shorter than keywarden.identity.jwt.jwk-refetch-cooldown ("
                        + jwkRefetchCooldown + "): the keys would be fetched more often than the cooldown allows");
            }
            if (issuer == null && jwkSetUri != null) {
                throw new IllegalArgumentException("keywarden.identity.jwt.jwk-set-uri is set without"
                        + " keywarden.identity.jwt.issuer: a token's iss must be checked against it");
            }
            if (issuer != null && (audiences == null || audiences.isEmpty())) {
                throw new IllegalArgumentException("keywarden.identity.jwt.audiences must name the aud"
                        + " values keywarden accepts when keywarden.identity.jwt.issuer is set");
            }
        }

        private static void positive(Duration value, String name) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("keywarden.identity.jwt." + name + " must be positive");
            }
        }

        public boolean enabled() {
            return issuer != null;
        }
    }
}
