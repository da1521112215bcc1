package idp;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The provider's signing keys: every key it ever signed with stays published (as a provider does
 * during a rotation), and the newest is the one it signs with. A key may also be published ahead
 * of its use, as Keycloak, Okta and Entra do, and signed with only later.
 */
final class RotatingKeys implements JWKSource<SecurityContext> {

    private volatile List<RSAKey> keys = List.of(generate());

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) {
        return selector.select(new JWKSet(new ArrayList<>(keys)));
    }

    RSAKey current() {
        return keys.get(0);
    }

    synchronized void rotate() {
        List<RSAKey> next = new ArrayList<>();
        next.add(generate());
        next.addAll(keys);
        keys = List.copyOf(next);
    }

    /** Publishes a new key without signing with it yet; its id. */
    synchronized String publishAhead() {
        RSAKey next = generate();
        List<RSAKey> all = new ArrayList<>(keys);
        all.add(next);
        keys = List.copyOf(all);
        return next.getKeyID();
    }

    /** Starts signing with a key published earlier. */
    synchronized void signWith(String keyId) {
        List<RSAKey> all = new ArrayList<>(keys);
        RSAKey chosen = all.stream()
                .filter(key -> key.getKeyID().equals(keyId))
                .findFirst()
                .orElseThrow();
        all.remove(chosen);
        all.add(0, chosen);
        keys = List.copyOf(all);
    }

    /** Of the keys that fit a token, the current one. */
    JWK signingChoice(List<JWK> candidates) {
        String current = current().getKeyID();
        return candidates.stream()
                .filter(key -> current.equals(key.getKeyID()))
                .findFirst()
                .orElse(candidates.get(0));
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
