package io.keywarden.identity.internal;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetRetrievalException;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;
import com.nimbusds.jose.proc.SecurityContext;
import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.RequestEntity;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestOperations;

/**
 * The identity provider's signing keys, fetched anew at each call: where they are comes from the
 * provider's discovery document (read each time, so a provider that moves its keys is followed)
 * unless the deployment names {@code jwk-set-uri}. {@link ProviderKeys} puts Nimbus's cache above
 * it and decides when a refetch for an unknown key may happen: a cooldown after any fetch. A failed
 * fetch is not tried again within the cooldown either, so while the provider is away every JWT
 * request is refused at once (503) instead of each waiting on the provider's timeouts in turn.
 */
final class ProviderKeySet implements JWKSetSource<SecurityContext> {

    private static final MediaType JWK_SET = new MediaType("application", "jwk-set+json");

    private final String issuer;
    private final URI jwkSetUri;
    private final RestOperations provider;
    private final long cooldown;
    private final AtomicLong lastFetch = new AtomicLong();
    private final AtomicLong lastFailure = new AtomicLong();

    ProviderKeySet(URI issuer, URI jwkSetUri, RestOperations provider, Duration cooldown) {
        this.issuer = issuer.toString();
        this.jwkSetUri = jwkSetUri;
        this.provider = provider;
        this.cooldown = cooldown.toMillis();
    }

    @Override
    public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refresh, long currentTime, SecurityContext context)
            throws JWKSetUnavailableException {
        if (currentTime - lastFailure.get() < cooldown) {
            throw new JWKSetUnavailableException("The identity provider's keys could not be fetched a moment ago;"
                    + " tried again once keywarden.identity.jwt.jwk-refetch-cooldown has passed");
        }
        lastFetch.accumulateAndGet(currentTime, Math::max);
        try {
            URI keys = jwkSetUri != null ? jwkSetUri : discoverKeys();
            String body = provider.exchange(
                            RequestEntity.get(keys)
                                    .accept(MediaType.APPLICATION_JSON, JWK_SET)
                                    .build(),
                            String.class)
                    .getBody();
            return JWKSet.parse(body == null ? "" : body);
        } catch (RestClientException | ParseException | IllegalArgumentException ex) {
            lastFailure.accumulateAndGet(currentTime, Math::max);
            // The provider's own answer is not repeated: only what kind of failure it was, or our words.
            String why = ex instanceof IllegalArgumentException
                    ? ex.getMessage()
                    : ex.getClass().getSimpleName();
            throw new JWKSetRetrievalException("The identity provider's keys could not be fetched: " + why, ex);
        }
    }

    /**
     * Claims the one refetch allowed per cooldown for a token whose key is not in the set held:
     * true for exactly one caller, and only when no fetch of any kind happened within it.
     */
    boolean claimRefetch(long now) {
        long last = lastFetch.get();
        return now - last >= cooldown && lastFetch.compareAndSet(last, now);
    }

    /** The OpenID Connect discovery document, else the OAuth 2.0 one (RFC 8414); its issuer must be ours. */
    private URI discoverKeys() {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        URI address = URI.create(base);
        String path = address.getRawPath() == null ? "" : address.getRawPath();
        List<URI> documents = List.of(
                URI.create(base + "/.well-known/openid-configuration"),
                address.resolve("/.well-known/oauth-authorization-server" + path));
        RestClientException failure = null;
        for (URI document : documents) {
            try {
                Map<?, ?> metadata = provider.exchange(
                                RequestEntity.get(document)
                                        .header(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
                                        .build(),
                                Map.class)
                        .getBody();
                if (metadata == null || !issuer.equals(String.valueOf(metadata.get("issuer")))) {
                    throw new IllegalArgumentException("The discovery document names another issuer");
                }
                Object keys = metadata.get("jwks_uri");
                if (keys == null) {
                    throw new IllegalArgumentException("The discovery document names no jwks_uri");
                }
                return URI.create(keys.toString());
            } catch (RestClientException ex) {
                failure = ex;
            }
        }
        throw failure;
    }

    @Override
    public void close() {}
}
