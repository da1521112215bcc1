package io.keywarden.identity;

import java.util.List;

/**
 * The configured clients as an operator manages their {@code seal-to} at run time: a key set here
 * overrides the client's {@code seal-to} from configuration, and removing it falls back to that
 * again. Every instance reads the current key per use ({@link ClientSealKeys}), so a change takes
 * effect for the next secret issued anywhere, without a restart. The writes join the caller's
 * transaction, so the caller can audit the change in the same commit.
 */
public interface ClientSealKeyRegistry {

    /** Every configured client, in the order of the configuration, with its seal key as it stands now. */
    List<ConfiguredClient> clients();

    /**
     * Sets the client's seal key, replacing any set here before.
     *
     * @param publicKey the standard base64 of a raw 32-byte X25519 public key
     * @param actor who set it, kept with the key
     * @throws UnknownClientException when no client of that name is configured
     * @throws io.keywarden.platform.web.InvalidInputException naming {@code publicKey} when it is not such a key
     */
    ConfiguredClient register(String client, String publicKey, String actor);

    /**
     * Removes the key set here, so the client's {@code seal-to} from configuration applies again, or
     * none. Removing nothing changes nothing.
     *
     * @throws UnknownClientException when no client of that name is configured
     * @throws SealKeyRequiredException when the client rotates automatically and would be left with no key
     */
    ConfiguredClient unregister(String client);
}
