package io.keywarden.support;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import tools.jackson.databind.JsonNode;

/**
 * Opens a sealed secret as its consumer would, with Bouncy Castle's RFC 9180 HPKE: an
 * implementation independent of the one keywarden seals with (Google Tink), so a secret it opens is
 * plain RFC 9180 and not one library's framing.
 */
public final class SealedSecretOpener {

    /** The raw 32-byte X25519 private key inside a PKCS#8 PEM, as {@code openssl genpkey -algorithm X25519} writes it. */
    public static SealedSecretOpener ofPem(String pem) {
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        return new SealedSecretOpener(Arrays.copyOfRange(der, der.length - 32, der.length));
    }

    /** The suite of every sealed secret, in Bouncy Castle's terms. */
    public static HPKE suite() {
        return new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM128);
    }

    private final AsymmetricCipherKeyPair recipient;

    /** @param privateKey the consumer's raw 32-byte X25519 private key */
    public SealedSecretOpener(byte[] privateKey) {
        X25519PrivateKeyParameters secret = new X25519PrivateKeyParameters(privateKey);
        this.recipient = new AsymmetricCipherKeyPair(secret.generatePublicKey(), secret);
    }

    /**
     * The secret in a sealed object ({@code sealedSecret} or {@code AccessKeySecretSealed}), opened
     * with the {@code info} the consumer expects for the key, not the one the object names.
     *
     * @throws InvalidCipherTextException when it does not open: another key, another info, altered
     */
    public String open(JsonNode sealed, String accessKeyId) throws InvalidCipherTextException {
        Base64.Decoder base64 = Base64.getDecoder();
        byte[] opened = suite().open(
                        base64.decode(sealed.get("enc").asString()),
                        recipient,
                        ("keywarden-secret:v1:" + accessKeyId).getBytes(StandardCharsets.UTF_8),
                        new byte[0],
                        base64.decode(sealed.get("ciphertext").asString()),
                        null,
                        null,
                        null);
        return new String(opened, StandardCharsets.UTF_8);
    }
}
