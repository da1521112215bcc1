package io.keywarden.issuance.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.HpkePrivateKey;
import com.google.crypto.tink.hybrid.HpkePublicKey;
import com.google.crypto.tink.hybrid.internal.HpkeContext;
import com.google.crypto.tink.hybrid.internal.HpkeKemKeyFactory;
import com.google.crypto.tink.hybrid.internal.HpkePrimitiveFactory;
import com.google.crypto.tink.util.Bytes;
import com.google.crypto.tink.util.SecretBytes;
import io.keywarden.accesskey.AccessKeyStatus;
import io.keywarden.identity.Caller;
import io.keywarden.identity.Role;
import io.keywarden.issuance.IssuedKey;
import io.keywarden.issuance.SealedSecret;
import io.keywarden.support.SealedSecretOpener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sealing is plain RFC 9180: the library keywarden seals with (Tink) and an independent one
 * (Bouncy Castle) both reproduce the RFC's published vector for the suite, and what keywarden seals
 * the independent one opens.
 */
class SecretSealingTests {

    /** RFC 9180 Appendix A.1.1, the suite's base-mode vector and its first encryption. */
    private static final Properties VECTOR = vector();

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void tinkOpensThePublishedVectorsCiphertextWithTheRecipientsKey() throws Exception {
        HpkeParameters suite = HpkeParameters.builder()
                .setKemId(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256)
                .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
                .setAeadId(HpkeParameters.AeadId.AES_128_GCM)
                .setVariant(HpkeParameters.Variant.NO_PREFIX)
                .build();
        HpkePrivateKey recipient = HpkePrivateKey.create(
                HpkePublicKey.create(suite, Bytes.copyFrom(hex("pkRm")), null),
                SecretBytes.copyFrom(hex("skRm"), InsecureSecretKeyAccess.get()));

        HpkeContext context = HpkeContext.createRecipientContext(
                hex("enc"),
                HpkeKemKeyFactory.createPrivate(recipient),
                HpkePrimitiveFactory.createKem(suite.getKemId()),
                HpkePrimitiveFactory.createKdf(suite.getKdfId()),
                HpkePrimitiveFactory.createAead(suite.getAeadId()),
                hex("info"));

        assertThat(context.open(hex("ct"), hex("aad"))).isEqualTo(hex("pt"));
    }

    @Test
    void bouncyCastleDerivesThePublishedVectorFromItsEphemeralSeedAndOpensIt() throws Exception {
        HPKE hpke = SealedSecretOpener.suite();
        AsymmetricCipherKeyPair ephemeral = hpke.deriveKeyPair(hex("ikmE"));
        AsymmetricCipherKeyPair recipient = hpke.deserializePrivateKey(hex("skRm"), hex("pkRm"));

        HPKEContextWithEncapsulation sender = hpke.setupBaseS(recipient.getPublic(), hex("info"), ephemeral);

        // Bouncy Castle keeps the scalar clamped (RFC 7748 section 5); the vector lists it unclamped.
        assertThat(hpke.serializePrivateKey(ephemeral.getPrivate())).isEqualTo(clamped(hex("skEm")));
        assertThat(hpke.serializePublicKey(ephemeral.getPublic())).isEqualTo(hex("pkEm"));
        assertThat(sender.getEncapsulation()).isEqualTo(hex("enc"));
        assertThat(sender.seal(hex("aad"), hex("pt"))).isEqualTo(hex("ct"));
        assertThat(hpke.open(hex("enc"), recipient, hex("info"), hex("aad"), hex("ct"), null, null, null))
                .isEqualTo(hex("pt"));
    }

    @Test
    void whatKeywardenSealsTheIndependentImplementationOpensWithTheKeysInfo() throws Exception {
        HPKE hpke = SealedSecretOpener.suite();
        AsymmetricCipherKeyPair consumer = hpke.generatePrivateKey();
        String keyId = "BBmhiG/WGE+s54wIKFW74NiPVvxkuek2h9EwT3me36c=";
        String secret = "gB1v+Qk2/9xL0mZr7sT4pWc=é";

        SealedSecret sealed = SecretSealing.seal(hpke.serializePublicKey(consumer.getPublic()), keyId, secret);

        assertThat(sealed.suite()).isEqualTo("DHKEM_X25519_HKDF_SHA256/HKDF_SHA256/AES_128_GCM");
        assertThat(sealed.info()).isEqualTo("keywarden-secret:v1:" + keyId);
        assertThat(Base64.getDecoder().decode(sealed.enc())).hasSize(32);
        // AES-128-GCM: the secret's UTF-8 bytes and a 16-byte tag, nothing framed around them.
        assertThat(Base64.getDecoder().decode(sealed.ciphertext()))
                .hasSize(secret.getBytes(StandardCharsets.UTF_8).length + 16);
        SealedSecretOpener opener = new SealedSecretOpener(hpke.serializePrivateKey(consumer.getPrivate()));
        assertThat(opener.open(json(sealed), keyId)).isEqualTo(secret);
    }

    @Test
    void aSealedSecretOpensForItsOwnKeyOnly() {
        HPKE hpke = SealedSecretOpener.suite();
        AsymmetricCipherKeyPair consumer = hpke.generatePrivateKey();
        SealedSecret sealed = SecretSealing.seal(hpke.serializePublicKey(consumer.getPublic()), "key-a", "the-secret");
        SealedSecretOpener opener = new SealedSecretOpener(hpke.serializePrivateKey(consumer.getPrivate()));
        SealedSecretOpener stranger = new SealedSecretOpener(
                hpke.serializePrivateKey(hpke.generatePrivateKey().getPrivate()));

        assertThatThrownBy(() -> opener.open(json(sealed), "key-b")).isInstanceOf(InvalidCipherTextException.class);
        assertThatThrownBy(() -> stranger.open(json(sealed), "key-a")).isInstanceOf(InvalidCipherTextException.class);
    }

    @Test
    void anAnswerStoredInClearIsSealedWhenServedToAClientThatNowHasSealTo() throws Exception {
        HPKE hpke = SealedSecretOpener.suite();
        AsymmetricCipherKeyPair consumer = hpke.generatePrivateKey();
        byte[] publicKey = hpke.serializePublicKey(consumer.getPublic());
        SecretSealing sealing =
                new SecretSealing(client -> "sealed".equals(client) ? Optional.of(publicKey) : Optional.empty());
        IssuedKey stored = new IssuedKey(
                "key-a", "the-secret", null, "team-a", 1L, null, AccessKeyStatus.ACTIVE, Instant.EPOCH, null, null);

        IssuedKey toSealed = sealing.delivered(new Caller("sealed", Set.of(Role.ISSUER), List.of()), stored);
        IssuedKey toOther = sealing.delivered(new Caller("other", Set.of(Role.ISSUER), List.of()), stored);

        assertThat(toSealed.accessKeySecret()).isNull();
        assertThat(new SealedSecretOpener(hpke.serializePrivateKey(consumer.getPrivate()))
                        .open(json(toSealed.sealedSecret()), "key-a"))
                .isEqualTo("the-secret");
        assertThat(toOther).isSameAs(stored);
        // Sealed already: served as stored, not sealed twice.
        assertThat(sealing.delivered(new Caller("sealed", Set.of(Role.ISSUER), List.of()), toSealed))
                .isSameAs(toSealed);
    }

    private static byte[] clamped(byte[] scalar) {
        scalar[0] &= (byte) 248;
        scalar[31] &= 127;
        scalar[31] |= 64;
        return scalar;
    }

    private static JsonNode json(SealedSecret sealed) {
        return JsonMapper.builder().build().valueToTree(sealed);
    }

    private static byte[] hex(String name) {
        return HEX.parseHex(VECTOR.getProperty(name));
    }

    private static Properties vector() {
        Properties vector = new Properties();
        try (InputStream in = SecretSealingTests.class.getResourceAsStream("/hpke/rfc9180-a.1.1-base.properties")) {
            vector.load(in);
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        return vector;
    }
}
