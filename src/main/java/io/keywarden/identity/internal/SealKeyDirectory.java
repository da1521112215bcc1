package io.keywarden.identity.internal;

import io.keywarden.identity.ClientSealKeyRegistry;
import io.keywarden.identity.ClientSealKeys;
import io.keywarden.identity.ConfiguredClient;
import io.keywarden.identity.SealKeyRequiredException;
import io.keywarden.identity.UnknownClientException;
import io.keywarden.platform.web.InvalidInputException;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Each client's seal key as it stands now: the one set through the admin API ({@code
 * client_seal_key}), which overrides the client's {@code seal-to} from configuration, else that.
 * Read from the database on every use, by one primary-key lookup, so a change made on any instance
 * seals the next secret issued on every other one, with no cache to fall out of step. A failed
 * read fails the issue: never falling back to configuration or to clear, which a stale read would.
 */
@Component
class SealKeyDirectory implements ClientSealKeys, ClientSealKeyRegistry {

    private final ClientProperties properties;
    private final ClientSealKeyStore store;
    private final Clock clock;

    SealKeyDirectory(ClientProperties properties, ClientSealKeyStore store, Clock clock) {
        this.properties = properties;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Optional<byte[]> sealTo(String clientName) {
        Optional<ClientProperties.Client> client = configured(clientName);
        if (client.isEmpty()) {
            return Optional.empty();
        }
        return store.find(clientName)
                .map(ClientSealKeyStore.SetKey::publicKey)
                .or(() -> Optional.ofNullable(ClientProperties.sealKey(client.get())));
    }

    @Override
    @Transactional(readOnly = true)
    public List<ConfiguredClient> clients() {
        Map<String, ClientSealKeyStore.SetKey> set = store.findAll(
                properties.clients().stream().map(ClientProperties.Client::name).toList());
        return properties.clients().stream()
                .map(client -> listed(client, Optional.ofNullable(set.get(client.name()))))
                .toList();
    }

    @Override
    @Transactional
    public ConfiguredClient register(String clientName, String publicKey, String actor) {
        ClientProperties.Client client =
                configured(clientName).orElseThrow(() -> new UnknownClientException(clientName));
        if (publicKey == null || publicKey.isBlank()) {
            throw new InvalidInputException(
                    "publicKey", "publicKey is required: the standard base64 of a raw 32-byte X25519 public key.");
        }
        String problem = X25519PublicKeys.problem(publicKey);
        if (problem != null) {
            throw new InvalidInputException(
                    "publicKey",
                    "publicKey " + problem + ": it must be the standard base64 of a raw " + KEY_BYTES
                            + "-byte X25519 public key.");
        }
        store.put(clientName, X25519PublicKeys.decode(publicKey), actor, clock.instant());
        return listed(client, store.find(clientName));
    }

    @Override
    @Transactional
    public ConfiguredClient unregister(String clientName) {
        ClientProperties.Client client =
                configured(clientName).orElseThrow(() -> new UnknownClientException(clientName));
        requireKeyKept(client.autoRotate(), client.sealTo() != null, clientName);
        store.remove(clientName);
        return listed(client, Optional.empty());
    }

    /**
     * Refuses a removal that would leave a client with {@code auto-rotate} without a seal key: what
     * it would fall back to is its {@code seal-to} from configuration.
     */
    static void requireKeyKept(boolean autoRotate, boolean configuredKey, String clientName) {
        if (autoRotate && !configuredKey) {
            throw new SealKeyRequiredException(clientName);
        }
    }

    private Optional<ClientProperties.Client> configured(String name) {
        return properties.clients().stream()
                .filter(client -> client.name().equals(name))
                .findFirst();
    }

    private static ConfiguredClient listed(ClientProperties.Client client, Optional<ClientSealKeyStore.SetKey> set) {
        String sealTo = set.map(key -> Base64.getEncoder().encodeToString(key.publicKey()))
                .orElse(client.sealTo() == null ? null : client.sealTo().strip());
        ConfiguredClient.SealKeySource source = set.isPresent()
                ? ConfiguredClient.SealKeySource.API
                : client.sealTo() == null ? null : ConfiguredClient.SealKeySource.CONFIGURATION;
        return new ConfiguredClient(
                client.name(),
                client.roles(),
                client.userNames(),
                sealTo,
                source,
                set.map(ClientSealKeyStore.SetKey::setBy).orElse(null),
                set.map(ClientSealKeyStore.SetKey::setAt).orElse(null),
                client.autoRotate());
    }
}
