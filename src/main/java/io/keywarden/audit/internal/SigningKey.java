package io.keywarden.audit.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Ed25519 key pair that signs audit checkpoints, with the id every checkpoint and event names
 * (the first 16 hex digits of the SHA-256 of its public key's X.509 encoding), and the reading and
 * writing of public keys as PEM, the form an auditor is handed. Plain JDK cryptography, so the
 * offline verifier needs nothing but the jar.
 */
public final class SigningKey {

    private static final byte[] PKCS8_SEED_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");
    private static final byte[] X509_RAW_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final Pattern PEM =
            Pattern.compile("-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----");

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String id;

    private SigningKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.id = id(publicKey);
    }

    /** Reads a private key given as base64 of its 32-byte seed or of PKCS#8; errors name the property only. */
    static SigningKey parse(String property, String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(property + " must be base64 (an Ed25519 seed or PKCS#8)");
        }
        try {
            byte[] seed = bytes.length == 32 ? bytes : seedOf(bytes);
            KeyPair pair = fromSeed(seed);
            return new SigningKey(pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException | IllegalArgumentException ex) {
            throw new IllegalArgumentException(
                    property + " must be an Ed25519 private key: base64 of its 32-byte seed or of its PKCS#8 encoding");
        }
    }

    /** Reads a public key given as base64 of X.509 or of the raw 32 bytes; errors name the property only. */
    static PublicKey publicKey(String property, String base64) {
        try {
            byte[] bytes = Base64.getDecoder().decode(base64.trim());
            return x509(bytes.length == 32 ? concat(X509_RAW_PREFIX, bytes) : bytes);
        } catch (GeneralSecurityException | IllegalArgumentException ex) {
            throw new IllegalArgumentException(
                    property + " must hold Ed25519 public keys: base64 of X.509 or of the raw 32 bytes");
        }
    }

    /** Every public key in PEM text (several may follow each other, as the public-key endpoint serves them). */
    public static List<PublicKey> readPem(String text) throws GeneralSecurityException {
        List<PublicKey> keys = new ArrayList<>();
        Matcher matcher = PEM.matcher(text);
        while (matcher.find()) {
            keys.add(x509(Base64.getMimeDecoder().decode(matcher.group(1).replaceAll("\\s", ""))));
        }
        return keys;
    }

    static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    static String id(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("SHA-256 unavailable", ex);
        }
    }

    String id() {
        return id;
    }

    PublicKey publicKey() {
        return publicKey;
    }

    /** The base64 Ed25519 signature of {@code data}. */
    String sign(byte[] data) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(privateKey);
            signature.update(data);
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("Ed25519 signing failed", ex);
        }
    }

    static boolean verifies(PublicKey key, byte[] data, String base64Signature) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(key);
            signature.update(data);
            return signature.verify(Base64.getDecoder().decode(base64Signature));
        } catch (GeneralSecurityException | IllegalArgumentException ex) {
            return false;
        }
    }

    private static byte[] seedOf(byte[] pkcs8) throws GeneralSecurityException {
        PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        return ((EdECPrivateKey) key)
                .getBytes()
                .orElseThrow(() -> new GeneralSecurityException("no seed in the PKCS#8 key"));
    }

    /**
     * The key pair of a seed. The JDK derives the public key only while generating a pair, drawing
     * the seed from its random source: a source that yields exactly this seed derives its pair.
     */
    private static KeyPair fromSeed(byte[] seed) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        generator.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
            }
        });
        KeyPair pair = generator.generateKeyPair();
        PrivateKey expected = KeyFactory.getInstance("Ed25519")
                .generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_SEED_PREFIX, seed)));
        if (!Arrays.equals(expected.getEncoded(), pair.getPrivate().getEncoded())) {
            throw new GeneralSecurityException("the derived key pair does not hold the seed");
        }
        return pair;
    }

    private static PublicKey x509(byte[] encoded) throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
