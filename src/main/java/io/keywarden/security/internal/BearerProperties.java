package io.keywarden.security.internal;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
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
 * @param staticTokens whether static tokens ({@code keywarden.clients[].token-sha256}) are accepted
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
     * @param subjectClaim the claim matched against {@code keywarden.clients[].subject}
     * @param rolesClaim if set, the claim the caller's roles come from instead of its client entry
     * @param userNamesClaim if set, the claim its user-name globs come from instead of its client entry
     */
    public record Jwt(
            URI issuer,
            URI jwkSetUri,
            @DefaultValue List<@NotBlank String> audiences,

            @DefaultValue("sub") @Pattern(regexp = "[A-Za-z0-9_.:/-]{1,100}")
            String subjectClaim,

            @Pattern(regexp = "[A-Za-z0-9_.:/-]{1,100}") String rolesClaim,
            @Pattern(regexp = "[A-Za-z0-9_.:/-]{1,100}") String userNamesClaim) {

        public Jwt {
            if (issuer == null && jwkSetUri != null) {
                throw new IllegalArgumentException("keywarden.identity.jwt.jwk-set-uri is set without"
                        + " keywarden.identity.jwt.issuer: a token's iss must be checked against it");
            }
            if (issuer != null && (audiences == null || audiences.isEmpty())) {
                throw new IllegalArgumentException("keywarden.identity.jwt.audiences must name the aud"
                        + " values keywarden accepts when keywarden.identity.jwt.issuer is set");
            }
        }

        public boolean enabled() {
            return issuer != null;
        }
    }
}
