package io.keywarden.identity.internal;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.CachingJWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The keys JWTs are checked against: the provider's key set held in Nimbus's {@link
 * CachingJWKSetSource} for its lifetime (one fetch at a time, the others wait for it), and fetched
 * again before that only for a token whose {@code kid} the set lacks, at most once per cooldown
 * shared by every request. So tokens naming made-up keys cost the provider one fetch per cooldown,
 * whoever sends them; a key the provider rotates to is found at worst one cooldown after its
 * first token, and a key published ahead of its use is found on the next lifetime refresh,
 * before any token names it.
 *
 * <p>Nimbus's own {@code RateLimitedJWKSetSource} is not used: it allows two fetches per interval,
 * cannot tell an unknown key from the cache's lifetime refresh, and its refusal is an exception
 * Spring answers like an unreachable provider. Here a refetch that is not allowed yet simply finds
 * no key, and the token is a 401.
 */
final class ProviderKeys implements JWKSource<SecurityContext> {

    /** How long requests wait for another request's fetch before trying themselves. */
    private static final Duration REFRESH_TIMEOUT = Duration.ofSeconds(15);

    private final ProviderKeySet provider;
    private final JWKSetSource<SecurityContext> cached;
    private final Clock clock;

    ProviderKeys(ProviderKeySet provider, Duration lifetime, Clock clock) {
        this.provider = provider;
        this.cached = new CachingJWKSetSource<>(provider, lifetime.toMillis(), REFRESH_TIMEOUT.toMillis(), null);
        this.clock = clock;
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        long now = clock.millis();
        JWKSet held = cached.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), now, context);
        List<JWK> keys = selector.select(held);
        if (!keys.isEmpty() || !provider.claimRefetch(now)) {
            return keys;
        }
        return selector.select(cached.getJWKSet(JWKSetCacheRefreshEvaluator.referenceComparison(held), now, context));
    }
}
