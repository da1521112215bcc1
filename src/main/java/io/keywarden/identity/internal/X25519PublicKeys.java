package io.keywarden.identity.internal;

import io.keywarden.identity.ClientSealKeys;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Base64;
import javax.crypto.KeyAgreement;

/**
 * The one check of a {@code seal-to} key, from configuration or from the admin API alike: the
 * standard base64 of a raw 32-byte X25519 public key with which an agreement works. A key that
 * fails it could only show at its first create, as a failure after the key was made upstream.
 */
final class X25519PublicKeys {

    private X25519PublicKeys() {}

    /** What is wrong with {@code base64} as a seal key ("is not base64", ...), or {@code null} when nothing is. */
    static String problem(String base64) {
        try {
            byte[] key = Base64.getDecoder().decode(base64.strip());
            if (key.length != ClientSealKeys.KEY_BYTES) {
                return "decodes to " + key.length + " bytes";
            }
            return usable(key) ? null : "is a point of small order, which seals nothing";
        } catch (IllegalArgumentException ex) {
            return "is not base64";
        }
    }

    /** The raw key of {@code base64}, which {@link #problem} found nothing wrong with. */
    static byte[] decode(String base64) {
        return Base64.getDecoder().decode(base64.strip());
    }

    /**
     * Whether an X25519 agreement with the raw public key {@code key} works: a point of small order
     * yields no shared secret, which the JDK refuses (RFC 7748 section 6.1).
     */
    private static boolean usable(byte[] key) {
        byte[] littleEndian = key.clone();
        littleEndian[littleEndian.length - 1] &= 0x7f;
        byte[] bigEndian = new byte[littleEndian.length];
        for (int i = 0; i < littleEndian.length; i++) {
            bigEndian[i] = littleEndian[littleEndian.length - 1 - i];
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("X25519");
            KeyAgreement agreement = KeyAgreement.getInstance("X25519");
            agreement.init(generator.generateKeyPair().getPrivate());
            agreement.doPhase(
                    KeyFactory.getInstance("X25519")
                            .generatePublic(
                                    new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, bigEndian))),
                    true);
            agreement.generateSecret();
            return true;
        } catch (InvalidKeyException | IllegalStateException ex) {
            return false;
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("X25519 is not available", ex);
        }
    }
}
