package io.keywarden.issuance.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Encrypts stored responses (which hold a secret) with AES-256-GCM. The associated data is the
 * issuance id and everything that says whose answer it is: the client, its idempotency key, the
 * request's fingerprint and the user. A row relabelled in SQL (another client, key, fingerprint
 * or user) or a ciphertext copied onto another row no longer decrypts, so whoever can write the
 * table still cannot make keywarden hand an answer to another request.
 *
 * <p>Stored values start with {@link #FORMAT}. Answers stored by earlier versions (bound to the
 * issuance id alone) lack it and are not replayed: {@link #isCurrentFormat} tells the claim to
 * treat them as expired.
 */
@Component
class ReplayCipher {

    /** Marks the current layout: format, nonce, ciphertext and tag. */
    private static final byte[] FORMAT = {'k', 'w', 'r', '2'};

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

    /**
     * Whose answer a stored response is; every field is bound as associated data.
     *
     * @param issuanceId the issuance row
     * @param clientName the client that asked
     * @param idempotencyKey its idempotency key
     * @param fingerprint the fingerprint of its request
     * @param userName the user the key is for
     */
    record Binding(UUID issuanceId, String clientName, String idempotencyKey, String fingerprint, String userName) {

        static Binding of(UUID issuanceId, IssueRequest request) {
            return new Binding(
                    issuanceId,
                    request.caller().name(),
                    request.idempotencyKey(),
                    request.fingerprint(),
                    request.userName());
        }

        byte[] associatedData() {
            StringBuilder out = new StringBuilder(256);
            for (String field :
                    new String[] {issuanceId.toString(), clientName, idempotencyKey, fingerprint, userName}) {
                out.append(field == null ? "-1:" : field.length() + ":" + field).append('|');
            }
            return out.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    static boolean isCurrentFormat(byte[] stored) {
        return stored != null
                && stored.length > FORMAT.length + NONCE_BYTES
                && Arrays.equals(stored, 0, FORMAT.length, FORMAT, 0, FORMAT.length);
    }

    byte[] encrypt(Binding binding, byte[] plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(binding.associatedData());
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(FORMAT.length + NONCE_BYTES + sealed.length)
                    .put(FORMAT)
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("cannot encrypt a stored response", ex);
        }
    }

    /**
     * Decrypts with the current key, or else with a previous one (a response stored before a key
     * roll). Fails when the response was stored for another binding, is not of the current format,
     * or was sealed with a key not configured.
     */
    byte[] decrypt(Binding binding, byte[] stored) {
        if (!isCurrentFormat(stored)) {
            throw new UnreadableReplayException("a stored response is not of the current format");
        }
        GeneralSecurityException failure;
        try {
            return decrypt(key, binding, stored);
        } catch (GeneralSecurityException ex) {
            failure = ex;
        }
        for (SecretKeySpec previous : previousKeys) {
            try {
                return decrypt(previous, binding, stored);
            } catch (GeneralSecurityException ex) {
                failure = ex;
            }
        }
        throw new UnreadableReplayException(
                "a stored response does not decrypt for this request with any configured replay key: "
                        + failure.getClass().getSimpleName());
    }

    private static byte[] decrypt(SecretKeySpec key, Binding binding, byte[] stored) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, FORMAT.length, NONCE_BYTES));
        cipher.updateAAD(binding.associatedData());
        int offset = FORMAT.length + NONCE_BYTES;
        return cipher.doFinal(stored, offset, stored.length - offset);
    }

    /** A stored response that must not be served to this request. */
    static final class UnreadableReplayException extends IllegalStateException {
        UnreadableReplayException(String message) {
            super(message);
        }
    }
}
