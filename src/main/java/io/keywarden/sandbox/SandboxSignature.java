package io.keywarden.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The upstream's signature, computed the way the gateway checks it. It is written apart from the
 * client's signer on purpose: if both shared code, a bug in one would be agreed to by the other and
 * every test would pass against a simulator that the real gateway does not resemble.
 */
public final class SandboxSignature {

    private SandboxSignature() {}

    /** Lowercase hex SHA-1 over the sorted key-value text of every parameter but Signature, plus the key. */
    public static String sign(Map<String, String> parameters, String privateKey) {
        List<String> names = new ArrayList<>(parameters.keySet());
        names.remove("Signature");
        // Go's sort.Strings and Python's sorted() order by code point; UTF-8 bytes compared
        // unsigned give exactly that order, even past the Basic Multilingual Plane.
        names.sort((a, b) -> Arrays.compareUnsigned(utf8(a), utf8(b)));
        StringBuilder text = new StringBuilder();
        for (String name : names) {
            text.append(name).append(parameters.get(name));
        }
        text.append(privateKey);
        return HexFormat.of().formatHex(sha1().digest(utf8(text.toString())));
    }

    /** Whether the parameters carry the signature the private key gives them, compared in constant time. */
    public static boolean verifies(Map<String, String> parameters, String privateKey) {
        String received = parameters.get("Signature");
        if (received == null) {
            return false;
        }
        return MessageDigest.isEqual(utf8(sign(parameters, privateKey)), utf8(received));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-1", e);
        }
    }
}
