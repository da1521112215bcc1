package io.keywarden.identity.internal;

import io.keywarden.identity.ClientSealKeys;
import io.keywarden.identity.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The callers keywarden knows ({@code keywarden.identity.clients}). A client presents a static token, of
 * which only the hex SHA-256 is configured (so the configuration holds nothing a caller could
 * present), or a JWT from the identity provider whose subject is the client's {@code subject},
 * or either. Names, token hashes and subjects are unique: idempotency keys and the audit log tell
 * clients apart by name, and a token must authenticate one client, so a repeated one stops the
 * start-up. A client's {@code seal-to}, when set, must be the base64 of a raw 32-byte X25519 public
 * key, or the start-up stops naming the client: a key that cannot be used would only show at its
 * first create, as a failure after the key was made. A client with {@code auto-rotate} must have a
 * {@code seal-to}, since nobody receives the secret of a rotation keywarden makes by itself except
 * sealed.
 *
 * @param clients the configured clients
 */
@Validated
@ConfigurationProperties("keywarden.identity")
public record ClientProperties(@DefaultValue List<@Valid Client> clients) {

    public ClientProperties {
        if (clients != null) {
            for (int i = 0; i < clients.size(); i++) {
                Client client = clients.get(i);
                if (client.tokenSha256() == null && client.subject() == null) {
                    throw new IllegalArgumentException("keywarden.identity.clients[" + i
                            + "] needs a token-sha256 (static token) or a subject (identity-provider token)");
                }
                if (client.tokenSha256() != null
                        && (client.roles() == null || client.roles().isEmpty())) {
                    throw new IllegalArgumentException("keywarden.identity.clients[" + i
                            + "].roles must name at least one role for a client with a static token");
                }
            }
            requireUnique(clients, "name", Client::name);
            requireUnique(clients, "subject", Client::subject);
            for (int i = 0; i < clients.size(); i++) {
                Duration maxTtl = clients.get(i).maxTtl();
                if (maxTtl != null && (maxTtl.isNegative() || maxTtl.isZero())) {
                    throw new IllegalArgumentException(
                            "keywarden.identity.clients[" + i + "].max-ttl must be a positive duration, not " + maxTtl);
                }
            }
            for (int i = 0; i < clients.size(); i++) {
                requireSealKey(i, clients.get(i));
                Client client = clients.get(i);
                if (client.autoRotate() && client.sealTo() == null) {
                    throw new IllegalArgumentException("keywarden.identity.clients[" + i + "].auto-rotate of client "
                            + client.name() + " requires its seal-to: an automatic rotation hands the new secret"
                            + " only sealed (docs/sealed-secrets.md)");
                }
            }
            requireUnique(
                    clients,
                    "token-sha256",
                    client -> client.tokenSha256() == null
                            ? null
                            : client.tokenSha256().toLowerCase(Locale.ROOT));
        }
    }

    private static void requireSealKey(int index, Client client) {
        if (client.sealTo() == null) {
            return;
        }
        String problem = X25519PublicKeys.problem(client.sealTo());
        if (problem != null) {
            throw new IllegalArgumentException("keywarden.identity.clients[" + index + "].seal-to of client "
                    + client.name() + " " + problem + ": it must be the standard base64 of a raw "
                    + ClientSealKeys.KEY_BYTES + "-byte X25519 public key (docs/sealed-secrets.md)");
        }
    }

    /** The client's {@code seal-to} key as raw bytes, or {@code null}; checked by the constructor. */
    static byte[] sealKey(Client client) {
        return client.sealTo() == null ? null : X25519PublicKeys.decode(client.sealTo());
    }

    private static void requireUnique(List<Client> clients, String property, Function<Client, String> value) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < clients.size(); i++) {
            String key = value.apply(clients.get(i));
            if (key == null) {
                continue;
            }
            Integer first = seen.putIfAbsent(key, i);
            if (first != null) {
                throw new IllegalArgumentException(
                        "keywarden.identity.clients[" + i + "]." + property + " repeats keywarden.identity.clients["
                                + first + "]." + property + ": every client needs a " + property + " of its own");
            }
        }
    }

    /**
     * One caller.
     *
     * @param name appears in the audit log as the actor
     * @param tokenSha256 hex SHA-256 of the static bearer token, if the client has one
     * @param subject the subject claim of the client's identity-provider tokens, if it has them
     * @param roles what the client may do (for JWTs, unless a roles claim is configured)
     * @param userNames glob patterns ({@code *}, {@code ?}) of the upstream users it may manage
     * @param maxTtl the longest lease a key it creates may have; keys it creates expire within this
     *     even when it asks for no ttl. Unset: only {@code keywarden.leases} bounds its keys
     * @param sealTo base64 of the raw 32-byte X25519 public key every secret issued to it is sealed
     *     to (RFC 9180 HPKE); unset: it receives its secrets in clear. One set through the admin API
     *     overrides it until removed
     * @param autoRotate whether the age watch rotates its keys by itself once they pass
     *     {@code keywarden.rotation.max-age}; requires {@code sealTo}
     */
    public record Client(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,100}")
            String name,

            @Pattern(regexp = "[0-9a-fA-F]{64}", message = "must be the hex SHA-256 of the token")
            String tokenSha256,

            @Size(min = 1, max = 255) String subject,
            @DefaultValue Set<Role> roles,
            @DefaultValue List<String> userNames,
            Duration maxTtl,
            String sealTo,
            @DefaultValue("false") boolean autoRotate) {}
}
