package io.keywarden.upstream.internal;

import java.net.URI;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Refuses to start with an upstream that is not reached over TLS. Every call carries the account's
 * signature and every create answer a new secret, so a plain {@code http://} base URL would put
 * both on the network in clear. It is accepted only for the sandbox (keywarden's own simulator)
 * or when an operator says so with {@code keywarden.upstream.allow-insecure-http}, and then with a
 * warning at every start.
 */
@Component
class UpstreamTransportCheck {

    static final String BASE_URL = "keywarden.upstream.base-url";
    static final String ALLOW_INSECURE_HTTP = "keywarden.upstream.allow-insecure-http";

    private static final Logger log = LoggerFactory.getLogger(UpstreamTransportCheck.class);

    UpstreamTransportCheck(
            UpstreamProperties properties, @Value("${keywarden.sandbox.enabled:false}") boolean sandboxEnabled) {
        URI baseUrl = properties.baseUrl();
        String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https") && baseUrl.getHost() != null) {
            return;
        }
        if (!scheme.equals("http") || baseUrl.getHost() == null) {
            throw new IllegalStateException(BASE_URL + " must be an absolute https:// URL, not " + baseUrl);
        }
        if (properties.allowInsecureHttp()) {
            log.warn(
                    "{} is plain http ({}) and {} is true: signed requests and new secrets cross the network"
                            + " unencrypted",
                    BASE_URL,
                    baseUrl,
                    ALLOW_INSECURE_HTTP);
        } else if (!sandboxEnabled) {
            throw new IllegalStateException(BASE_URL + " must be an https:// URL, not " + baseUrl
                    + ": signed requests and new secrets would cross the network unencrypted (set "
                    + ALLOW_INSECURE_HTTP + ": true only for an upstream on a trusted network)");
        }
    }
}
