package io.keywarden.issuance.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Encrypts stored responses (which hold a secret) with AES-256-GCM. The issuance id is bound as
 * associated data, so a ciphertext copied onto another issuance row does not decrypt.
 */
@Component
class ReplayCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final List<SecretKeySpec> previousKeys;
    private final SecureRandom random = new SecureRandom();

    ReplayCipher(IssuanceProperties properties) {
        this.key = new SecretKeySpec(properties.replayKeyBytes(), "AES");
        this.previousKeys = properties.previousReplayKeyBytes().stream()
                .map(bytes -> new SecretKeySpec(bytes, "AES"))
                .toList();
    }

    byte[] encrypt(UUID issuanceId, byte[] plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(issuanceId));
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("cannot encrypt a stored response", ex);
        }
    }

    /** Decrypts with the current key, or else with a previous one (a response stored before a key roll). */
    byte[] decrypt(UUID issuanceId, byte[] stored) {
        GeneralSecurityException failure;
        try {
            return decrypt(key, issuanceId, stored);
        } catch (GeneralSecurityException ex) {
            failure = ex;
        }
        for (SecretKeySpec previous : previousKeys) {
            try {
                return decrypt(previous, issuanceId, stored);
            } catch (GeneralSecurityException ex) {
                failure = ex;
            }
        }
        throw new IllegalStateException("a stored response does not decrypt with any configured replay key", failure);
    }

    private static byte[] decrypt(SecretKeySpec key, UUID issuanceId, byte[] stored) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 0, NONCE_BYTES));
        cipher.updateAAD(associatedData(issuanceId));
        return cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
    }

    private static byte[] associatedData(UUID issuanceId) {
        return issuanceId.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
