package io.keywarden.identity.internal;

import io.keywarden.identity.Caller;
import io.keywarden.identity.CallerPrincipal;
import java.util.Collection;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

/**
 * A person signed in through the identity provider: still an OpenID Connect user (sign-out sends
 * the provider its ID token) and, for keywarden's rules, the {@link Caller} their groups make,
 * named after their subject, with the name people know them by beside it.
 */
final class SignedInPerson extends DefaultOidcUser implements CallerPrincipal {

    private final Caller caller;
    private final String displayName;

    SignedInPerson(
            Caller caller,
            String displayName,
            Collection<? extends GrantedAuthority> authorities,
            OidcIdToken idToken,
            OidcUserInfo info) {
        super(authorities, idToken, info, "sub");
        this.caller = caller;
        this.displayName = displayName;
    }

    @Override
    public Caller caller() {
        return caller;
    }

    @Override
    public String displayName() {
        return displayName;
    }

    @Override
    public String getName() {
        return caller.name();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SignedInPerson person && super.equals(other) && caller.equals(person.caller);
    }

    @Override
    public int hashCode() {
        return super.hashCode() * 31 + caller.hashCode();
    }
}
