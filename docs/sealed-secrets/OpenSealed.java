import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

/**
 * Opens a secret keywarden sealed to your X25519 key (docs/sealed-secrets.md).
 *
 * <pre>
 * java -cp bcprov-jdk18on-1.87.jar OpenSealed.java consumer.pem answer.json
 * </pre>
 *
 * consumer.pem is the private key from {@code openssl genpkey -algorithm X25519}; answer.json is
 * keywarden's answer as received: the 201 of a create or rotate (sealedSecret) or the compat
 * envelope (AccessKeySecretSealed). Prints the secret.
 */
public class OpenSealed {

    static final String SUITE = "DHKEM_X25519_HKDF_SHA256/HKDF_SHA256/AES_128_GCM";

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: java -cp bcprov-jdk18on.jar OpenSealed.java consumer.pem answer.json");
            System.exit(2);
        }
        // An X25519 PKCS#8 key is 48 bytes: a fixed header, then the raw 32-byte private key.
        String pem = Files.readString(Path.of(args[0]));
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        byte[] privateKey = Arrays.copyOfRange(der, der.length - 32, der.length);

        String answer = Files.readString(Path.of(args[1]));
        String keyId = field(answer, "accessKeyId|AccessKeyID");
        if (!SUITE.equals(field(answer, "suite"))) {
            throw new IllegalArgumentException("not a suite this program opens: " + field(answer, "suite"));
        }
        // The info binds the secret to its key: build it from the key id rather than trusting the answer's.
        String info = "keywarden-secret:v1:" + keyId;
        if (!info.equals(field(answer, "info"))) {
            throw new IllegalArgumentException("sealed for another key: " + field(answer, "info"));
        }

        X25519PrivateKeyParameters secretKey = new X25519PrivateKeyParameters(privateKey);
        HPKE hpke = new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM128);
        byte[] secret = hpke.open(
                Base64.getDecoder().decode(field(answer, "enc")),
                new AsymmetricCipherKeyPair(secretKey.generatePublicKey(), secretKey),
                info.getBytes(StandardCharsets.UTF_8),
                new byte[0], // no associated data
                Base64.getDecoder().decode(field(answer, "ciphertext")),
                null,
                null,
                null);
        System.out.println(new String(secret, StandardCharsets.UTF_8));
    }

    /** A string member of the answer (none of them holds a quote or an escape). */
    static String field(String json, String names) {
        Matcher value = Pattern.compile("\"(?:" + names + ")\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!value.find()) {
            throw new IllegalArgumentException("no " + names + " in the answer");
        }
        return value.group(1);
    }
}
