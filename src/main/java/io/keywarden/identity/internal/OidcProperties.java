package io.keywarden.identity.internal;

import io.keywarden.identity.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * OpenID Connect sign-in for people ({@code keywarden.identity.oidc}) and the console session's
 * absolute timeout. A person gets the roles and user names of every configured group the
 * provider's groups claim lists, and nothing for groups not configured; a person in none of them
 * cannot sign in. Without a client secret keywarden is a public client; PKCE is used either way.
 *
 * @param issuer the provider's issuer; unset, the console has no OIDC sign-in
 * @param clientId keywarden's client id at the provider
 * @param clientSecret keywarden's client secret, if it is a confidential client
 * @param scopes the scopes asked for; {@code openid} among them
 * @param groupsClaim the ID token claim listing the person's groups
 * @param nameClaim the claim of the name people know the person by, shown in the console and in the
 *     detail of their audit events ({@code name} where it is missing); the audit actor is {@code
 *     person:<sub>}, the provider's stable subject, never this name
 * @param groups group name to the roles and user names it grants
 * @param absoluteSessionTimeout the longest a console session lives, however active
 */
@Validated
@ConfigurationProperties("keywarden.identity.oidc")
public record OidcProperties(
        URI issuer,
        String clientId,
        String clientSecret,
        @DefaultValue({"openid", "profile"}) List<@NotBlank String> scopes,
        @DefaultValue("groups") @NotBlank String groupsClaim,
        @DefaultValue("preferred_username") @NotBlank String nameClaim,
        @DefaultValue Map<String, @Valid Group> groups,
        @DefaultValue("8h") Duration absoluteSessionTimeout) {

    public OidcProperties {
        if (issuer != null) {
            if (clientId == null || clientId.isBlank()) {
                throw new IllegalArgumentException(
                        "keywarden.identity.oidc.client-id is required when keywarden.identity.oidc.issuer is set");
            }
            if (!scopes.contains("openid")) {
                throw new IllegalArgumentException("keywarden.identity.oidc.scopes must contain openid");
            }
            if (groups.isEmpty()) {
                throw new IllegalArgumentException("keywarden.identity.oidc.groups must map at least one group"
                        + " to roles when keywarden.identity.oidc.issuer is set: nobody could sign in");
            }
        }
        if (absoluteSessionTimeout.isNegative() || absoluteSessionTimeout.isZero()) {
            throw new IllegalArgumentException("keywarden.identity.oidc.absolute-session-timeout must be positive");
        }
    }

    public boolean enabled() {
        return issuer != null;
    }

    /**
     * What membership of one group grants.
     *
     * @param roles the roles of its members
     * @param userNames the user-name globs its members may manage
     */
    public record Group(
            @NotEmpty Set<Role> roles, @DefaultValue List<String> userNames) {}

    @Override
    public String toString() {
        return "OidcProperties[issuer=" + issuer + ", clientId=" + clientId + ", groups=" + groups.keySet() + "]";
    }
}
