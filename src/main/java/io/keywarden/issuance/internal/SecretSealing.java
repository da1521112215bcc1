package io.keywarden.issuance.internal;

import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.HpkePublicKey;
import com.google.crypto.tink.hybrid.internal.HpkeEncrypt;
import com.google.crypto.tink.util.Bytes;
import io.keywarden.identity.Caller;
import io.keywarden.identity.ClientSealKeys;
import io.keywarden.issuance.IssuedKey;
import io.keywarden.issuance.SealedSecret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Hands each client its secret in the form it asked for: in clear, or, for a client with
 * {@code seal-to}, sealed to its X25519 public key and never in clear. The answer is sealed before
 * it is stored for replays, so the replay store keeps only the sealed form and a replay answers the
 * very same bytes.
 *
 * <p>The sealing is RFC 9180 HPKE in base mode, single shot: DHKEM(X25519, HKDF-SHA256),
 * HKDF-SHA256, AES-128-GCM, {@code info = "keywarden-secret:v1:" + accessKeyId} (which binds the
 * sealed secret to its key: moved onto another key's answer, it no longer opens) and empty
 * associated data. It is Google Tink's HPKE primitive built straight from the raw public key (no
 * keyset, so no global registry), with no output prefix: its output is plain {@code enc ||
 * ciphertext}, which any RFC 9180 implementation opens; the answer carries the two apart.
 */
@Component
class SecretSealing {

    /** Tink's name for the suite {@link SealedSecret#SUITE}, with no prefix before {@code enc}. */
    private static final HpkeParameters SUITE = suite();

    private final ClientSealKeys sealKeys;

    SecretSealing(ClientSealKeys sealKeys) {
        this.sealKeys = sealKeys;
    }

    /**
     * The answer as {@code caller} receives it: unchanged for a client without {@code seal-to}, its
     * secret replaced by the sealed form for one with it. An answer sealed already (a replay) is
     * served as stored; one stored in clear before the client was given {@code seal-to} is sealed
     * now, so that such a client never receives a secret in clear.
     */
    IssuedKey delivered(Caller caller, IssuedKey answer) {
        return deliveredTo(caller.name(), answer);
    }

    /**
     * The answer as the client {@code client} receives it: its secret sealed to that client's
     * {@code seal-to}, or unchanged for a client without one. An automatic rotation's successor is
     * sealed so for the client that issued the predecessor, not for keywarden, which made it.
     */
    IssuedKey deliveredTo(String client, IssuedKey answer) {
        if (answer.accessKeySecret() == null) {
            return answer;
        }
        Optional<byte[]> recipient = sealKeys.sealTo(client);
        if (recipient.isEmpty()) {
            return answer;
        }
        return answer.sealed(seal(recipient.get(), answer.accessKeyId(), answer.accessKeySecret()));
    }

    /** Seals {@code secret} to the raw X25519 public key {@code recipient} with the key's {@code info}. */
    static SealedSecret seal(byte[] recipient, String accessKeyId, String secret) {
        String info = SealedSecret.infoFor(accessKeyId);
        byte[] sealed;
        try {
            HpkePublicKey key = HpkePublicKey.create(SUITE, Bytes.copyFrom(recipient), null);
            HybridEncrypt hpke = HpkeEncrypt.create(key);
            sealed = hpke.encrypt(secret.getBytes(StandardCharsets.UTF_8), info.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException ex) {
            // Every seal key is checked where it is set (start-up, admin API); nothing about the secret is in the
            // message.
            throw new IllegalStateException(
                    "cannot seal a secret: " + ex.getClass().getSimpleName(), ex);
        }
        Base64.Encoder base64 = Base64.getEncoder();
        return new SealedSecret(
                SealedSecret.SUITE,
                base64.encodeToString(Arrays.copyOf(sealed, ClientSealKeys.KEY_BYTES)),
                base64.encodeToString(Arrays.copyOfRange(sealed, ClientSealKeys.KEY_BYTES, sealed.length)),
                info);
    }

    private static HpkeParameters suite() {
        try {
            return HpkeParameters.builder()
                    .setKemId(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256)
                    .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
                    .setAeadId(HpkeParameters.AeadId.AES_128_GCM)
                    .setVariant(HpkeParameters.Variant.NO_PREFIX)
                    .build();
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
