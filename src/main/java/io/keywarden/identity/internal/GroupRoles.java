package io.keywarden.identity.internal;

import io.keywarden.identity.Caller;
import io.keywarden.identity.Role;
import io.keywarden.identity.UserNameGlob;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Makes a signed-in person a {@link Caller} from the groups claim: the union of the roles and
 * user names of every configured group they are in. Groups not configured grant nothing, and a
 * person whose groups grant no role is refused at sign-in rather than let in to see nothing.
 * The caller is named after the provider's subject ({@code person:<sub>}), the one claim that is
 * unique and stable: a {@code preferred_username} may be shared by two people or change hands. The
 * name people know the person by travels beside it, for pages and audit details only.
 */
final class GroupRoles implements OAuth2UserService<OidcUserRequest, OidcUser> {

    /** Prefix of a person's name in the audit log; client names cannot contain {@code :}. */
    static final String PERSON = "person:";

    private static final int MAX_DISPLAY_NAME = 64;

    private final OidcProperties settings;
    private final OidcUserService provider = new OidcUserService();

    GroupRoles(OidcProperties settings) {
        this.settings = settings;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) {
        OidcUser user = provider.loadUser(request);
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Set<String> userNames = new LinkedHashSet<>();
        for (String group : groups(user.getClaims().get(settings.groupsClaim()))) {
            OidcProperties.Group granted = settings.groups().get(group);
            if (granted != null) {
                roles.addAll(granted.roles());
                userNames.addAll(granted.userNames());
            }
        }
        if (roles.isEmpty()) {
            throw new OAuth2AuthenticationException(new OAuth2Error(
                    "access_denied", "None of this person's groups is given a role in keywarden.", null));
        }
        Caller caller = new Caller(
                PERSON + user.getSubject(),
                Set.copyOf(roles),
                userNames.stream().map(UserNameGlob::of).toList());
        List<SimpleGrantedAuthority> authorities = roles.stream()
                .map(role -> new SimpleGrantedAuthority("ROLE_" + role.name()))
                .toList();
        return new SignedInPerson(caller, displayName(user), authorities, user.getIdToken(), user.getUserInfo());
    }

    /** The configured name claim, else {@code name}; without control characters, and short. */
    private String displayName(OidcUser user) {
        String name = user.getClaimAsString(settings.nameClaim());
        if (name == null || name.isBlank()) {
            name = user.getClaimAsString("name");
        }
        if (name == null || name.isBlank()) {
            return null;
        }
        String printable = name.replaceAll("[\\p{Cntrl}\\p{Cf}]", "?").strip();
        return printable.length() > MAX_DISPLAY_NAME ? printable.substring(0, MAX_DISPLAY_NAME) + "..." : printable;
    }

    private static List<String> groups(Object claim) {
        if (claim instanceof Collection<?> many) {
            return many.stream().map(String::valueOf).toList();
        }
        if (claim instanceof String one) {
            return List.of(one);
        }
        return List.of();
    }
}
