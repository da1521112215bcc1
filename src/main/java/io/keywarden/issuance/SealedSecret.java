package io.keywarden.issuance;

/**
 * A secret sealed to its consumer's X25519 public key: RFC 9180 HPKE, base mode, single shot,
 * with the suite {@value #SUITE}, {@code info} as shown and empty associated data. Only the holder
 * of the matching private key can open it; any RFC 9180 implementation does (docs/sealed-secrets.md).
 *
 * @param suite the HPKE suite, always {@value #SUITE}
 * @param enc standard base64 of the 32-byte encapsulated key (the sender's ephemeral public key)
 * @param ciphertext standard base64 of the AES-128-GCM ciphertext and tag of the secret's UTF-8 bytes
 * @param info the HPKE {@code info} it was sealed with, {@value #INFO_PREFIX} and the key's id
 */
public record SealedSecret(String suite, String enc, String ciphertext, String info) {

    /** The only suite keywarden seals with. */
    public static final String SUITE = "DHKEM_X25519_HKDF_SHA256/HKDF_SHA256/AES_128_GCM";

    /** What every {@code info} starts with; the key's id follows. */
    public static final String INFO_PREFIX = "keywarden-secret:v1:";

    /** The {@code info} a key's secret is sealed with: it binds the sealed secret to that key. */
    public static String infoFor(String accessKeyId) {
        return INFO_PREFIX + accessKeyId;
    }
}
