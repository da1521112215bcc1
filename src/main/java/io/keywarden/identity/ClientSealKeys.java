package io.keywarden.identity;

import java.util.Optional;

/**
 * The X25519 public key each configured client may ask its secrets to be sealed to, looked up by
 * the client's name: the one set through the admin API ({@link ClientSealKeyRegistry}), else its
 * {@code keywarden.identity.clients[].seal-to}. A client with one never receives a secret in clear:
 * whatever issues it a key seals the secret to this key first (docs/sealed-secrets.md). Each call
 * reads the key as it stands now, on whichever instance, so ask once per secret and do not keep it.
 */
public interface ClientSealKeys {

    /** Length of a raw X25519 public key, the only form {@code seal-to} takes. */
    int KEY_BYTES = 32;

    /** The client's raw 32-byte X25519 public key, or empty when its secrets are handed out in clear. */
    Optional<byte[]> sealTo(String clientName);
}
