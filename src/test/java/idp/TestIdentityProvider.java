package idp;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.springframework.boot.web.server.servlet.context.AnnotationConfigServletWebServerApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real OAuth 2.0 / OpenID Connect authorization server (Spring Security's) on a loopback port
 * of the test JVM, in a small Spring context of its own that shares nothing with keywarden's. It
 * issues client-credentials tokens to the service clients of {@link IdentityProviderConfiguration},
 * runs the authorization-code flow with a login form for its people, and rotates its signing key
 * on demand, keeping the old one published. One instance serves the whole test run.
 */
public final class TestIdentityProvider {

    /** The audience of every access token it issues, which keywarden's tests accept. */
    public static final String AUDIENCE = IdentityProviderConfiguration.AUDIENCE;

    private static TestIdentityProvider shared;

    private final AnnotationConfigServletWebServerApplicationContext context;
    private final RotatingKeys keys;
    private final ProviderTraffic traffic;
    private final String issuer;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestIdentityProvider() {
        context = new AnnotationConfigServletWebServerApplicationContext();
        context.register(IdentityProviderConfiguration.class);
        context.refresh();
        keys = context.getBean(RotatingKeys.class);
        traffic = context.getBean(ProviderTraffic.class);
        issuer = "http://127.0.0.1:" + context.getWebServer().getPort();
    }

    public static synchronized TestIdentityProvider shared() {
        if (shared == null) {
            shared = new TestIdentityProvider();
            Runtime.getRuntime().addShutdownHook(new Thread(shared.context::close));
        }
        return shared;
    }

    /** Its issuer URL, which is also where its discovery document is. */
    public String issuer() {
        return issuer;
    }

    /** Starts signing with a new key; the old one stays published, so its tokens still verify. */
    public void rotateSigningKey() {
        keys.rotate();
    }

    /** Publishes a new key without signing with it yet, as providers do ahead of a rotation; its id. */
    public String publishKeyAhead() {
        return keys.publishAhead();
    }

    /** Starts signing with a key published ahead. */
    public void signWith(String keyId) {
        keys.signWith(keyId);
    }

    /** How many times its key set was fetched, by anyone, since it started. */
    public int keySetFetches() {
        return traffic.keySetFetches();
    }

    /**
     * Plays an outage of its discovery documents and key set (503) until told otherwise; its token
     * endpoint goes on working, so tests still get tokens to send.
     */
    public void keysUnreachable(boolean unreachable) {
        traffic.down(unreachable);
    }

    /** The subject the provider gives the person who signs in as {@code login}. */
    public static String subjectOf(String login) {
        return IdentityProviderConfiguration.subjectOf(login);
    }

    /** The key it signs with now, private part included, for tests that forge tokens with it. */
    public RSAKey signingKey() {
        return keys.current();
    }

    /** A fresh RSA key the provider has never published. */
    public static RSAKey unpublishedKey() {
        try {
            return new RSAKeyGenerator(2048).keyID("never-published").generate();
        } catch (com.nimbusds.jose.JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** An access token for a service client, by the client-credentials grant at the token endpoint. */
    public String clientCredentialsToken(String clientId) {
        String basic = Base64.getEncoder()
                .encodeToString((clientId + ":" + IdentityProviderConfiguration.secretOf(clientId))
                        .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuer + "/oauth2/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "token endpoint answered " + response.statusCode() + ": " + response.body());
            }
            return JsonMapper.builder()
                    .build()
                    .readTree(response.body())
                    .get("access_token")
                    .asString();
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
