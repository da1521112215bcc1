package io.keywarden.identity.internal;

import io.keywarden.identity.AutoRotatingClients;
import io.keywarden.identity.Caller;
import io.keywarden.identity.ClientLeaseLimits;
import io.keywarden.identity.UserNameGlob;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Finds the client a bearer token belongs to. A static token is hashed and compared with every
 * configured hash in constant time, all of them every time, so neither timing nor the position
 * of a client in the list says anything about a token. An identity-provider token, already
 * verified, names its client by subject.
 */
@Component
class ClientDirectory implements ClientLeaseLimits, AutoRotatingClients {

    private final List<Entry> entries;
    private final Map<String, Caller> bySubject;
    private final Map<String, Duration> maxTtls;
    private final Set<String> autoRotating;

    ClientDirectory(ClientProperties properties) {
        this.maxTtls = properties.clients().stream()
                .filter(client -> client.maxTtl() != null)
                .collect(Collectors.toUnmodifiableMap(ClientProperties.Client::name, ClientProperties.Client::maxTtl));
        this.autoRotating = properties.clients().stream()
                .filter(ClientProperties.Client::autoRotate)
                .map(ClientProperties.Client::name)
                .collect(Collectors.toUnmodifiableSet());
        this.entries = properties.clients().stream()
                .filter(client -> client.tokenSha256() != null)
                .map(client ->
                        new Entry(HexFormat.of().parseHex(client.tokenSha256().toLowerCase()), caller(client)))
                .toList();
        this.bySubject = properties.clients().stream()
                .filter(client -> client.subject() != null)
                .collect(Collectors.toUnmodifiableMap(ClientProperties.Client::subject, ClientDirectory::caller));
    }

    private static Caller caller(ClientProperties.Client client) {
        return new Caller(
                client.name(),
                Set.copyOf(client.roles()),
                client.userNames().stream().map(UserNameGlob::of).toList());
    }

    /** The client whose identity-provider tokens carry this subject. */
    Optional<Caller> bySubject(String subject) {
        return Optional.ofNullable(bySubject.get(subject));
    }

    /** The clients that may present identity-provider tokens. */
    Collection<Caller> subjectClients() {
        return bySubject.values();
    }

    @Override
    public Optional<Duration> maxTtl(String clientName) {
        return Optional.ofNullable(maxTtls.get(clientName));
    }

    @Override
    public Set<String> names() {
        return autoRotating;
    }

    Optional<Caller> authenticate(String token) {
        byte[] presented = sha256(token);
        Caller found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.hash(), presented)) {
                found = entry.caller();
            }
        }
        return Optional.ofNullable(found);
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private record Entry(byte[] hash, Caller caller) {}
}
