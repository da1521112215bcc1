package io.keywarden.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Refuses a token that lives longer than the deployment allows: its {@code exp} more than the
 * maximum after its start, the start being its {@code nbf}, else its {@code iat}, and never later
 * than now (a start claimed in the future would stretch the bound). A stolen token of a provider
 * misconfigured to issue tokens for months is then good for a day at most, not for months.
 * A token without {@code exp} is refused before this (it would live for ever).
 */
final class TokenLifetimeValidator implements OAuth2TokenValidator<Jwt> {

    private final Duration max;
    private final Duration clockSkew;
    private final Clock clock;

    TokenLifetimeValidator(Duration max, Duration clockSkew, Clock clock) {
        this.max = max;
        this.clockSkew = clockSkew;
        this.clock = clock;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
        Instant expires = jwt.getExpiresAt();
        if (expires == null) {
            return refuse("exp is required");
        }
        Instant now = clock.instant();
        Instant start = jwt.getNotBefore() != null ? jwt.getNotBefore() : jwt.getIssuedAt();
        if (start == null || start.isAfter(now)) {
            start = now;
        }
        if (expires.isAfter(start.plus(max).plus(clockSkew))) {
            return refuse("the token lives longer than keywarden.identity.jwt.max-token-lifetime (" + max + ")");
        }
        return OAuth2TokenValidatorResult.success();
    }

    private static OAuth2TokenValidatorResult refuse(String why) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, why, null));
    }
}
