package io.keywarden.identity;

import java.util.Optional;

/**
 * The X25519 public key each configured client may ask its secrets to be sealed to
 * ({@code keywarden.identity.clients[].seal-to}), looked up by the client's name. A client with one
 * never receives a secret in clear: whatever issues it a key seals the secret to this key first
 * (docs/sealed-secrets.md).
 */
public interface ClientSealKeys {

    /** Length of a raw X25519 public key, the only form {@code seal-to} takes. */
    int KEY_BYTES = 32;

    /** The client's raw 32-byte X25519 public key, or empty when its secrets are handed out in clear. */
    Optional<byte[]> sealTo(String clientName);
}
