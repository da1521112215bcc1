package io.keywarden.upstream.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Signs upstream requests the way the gateway verifies them: every parameter but {@code Signature},
 * as text, sorted by code point, concatenated without separators, the private key appended, SHA-1
 * in lowercase hex. It is kept pure and free of Spring so that it can be checked against the
 * official vectors alone, and it turns values into text itself because the signature covers
 * exactly the strings that go on the wire: a value rendered one way for signing and another way
 * for sending would be refused with RetCode 171.
 */
public final class RequestSigner {

    static final String SIGNATURE = "Signature";
    static final String PUBLIC_KEY = "PublicKey";
    static final String PROJECT_ID = "ProjectId";

    private final String publicKey;
    private final String privateKey;
    private final String projectId;

    public RequestSigner(String publicKey, String privateKey, String projectId) {
        this.publicKey = requireText(publicKey, "publicKey");
        this.privateKey = requireText(privateKey, "privateKey");
        this.projectId = projectId == null || projectId.isBlank() ? null : projectId;
    }

    /**
     * Returns the wire parameters in the order they are sent: the action's parameters flattened to
     * text (null and empty values left out), {@code PublicKey}, {@code ProjectId} when set, and
     * {@code Signature} last.
     */
    public Map<String, String> sign(Map<String, ?> actionParameters) {
        Map<String, String> wire = new LinkedHashMap<>();
        actionParameters.forEach((name, value) -> flatten(name, value, wire));
        if (wire.containsKey(SIGNATURE)) {
            throw new IllegalArgumentException("the action parameters must not contain " + SIGNATURE);
        }
        wire.put(PUBLIC_KEY, publicKey);
        if (projectId != null) {
            wire.put(PROJECT_ID, projectId);
        }
        wire.put(SIGNATURE, signature(wire, privateKey));
        return Collections.unmodifiableMap(wire);
    }

    /** The signature of text parameters; a {@code Signature} entry among them is ignored. */
    public static String signature(Map<String, String> parameters, String privateKey) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest(stringToSign(parameters, privateKey).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }

    static String stringToSign(Map<String, String> parameters, String privateKey) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(parameters).forEach((name, value) -> {
            if (!SIGNATURE.equals(name) && value != null && !value.isEmpty()) {
                text.append(name).append(value);
            }
        });
        return text.append(Objects.requireNonNull(privateKey, "privateKey")).toString();
    }

    private static void flatten(String name, Object value, Map<String, String> into) {
        if (value == null) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((field, fieldValue) -> flatten(name + "." + field, fieldValue, into));
        } else if (value instanceof Collection<?> list) {
            int index = 0;
            for (Object element : list) {
                flatten(name + "." + index++, element, into);
            }
        } else if (value instanceof Object[] array) {
            for (int index = 0; index < array.length; index++) {
                flatten(name + "." + index, array[index], into);
            }
        } else {
            String text = text(name, value);
            if (!text.isEmpty()) {
                into.put(name, text);
            }
        }
    }

    private static String text(String name, Object value) {
        if (value instanceof CharSequence || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof Byte
                || value instanceof BigInteger) {
            return value.toString();
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (Double.isNaN(number) || Double.isInfinite(number)) {
                throw new IllegalArgumentException("parameter " + name + " is not a finite number");
            }
            // Float.toString keeps 0.1f as "0.1"; widening it to double first would sign 0.10000000149011612.
            return plain(new BigDecimal(value.toString()));
        }
        if (value instanceof BigDecimal decimal) {
            return plain(decimal);
        }
        throw new IllegalArgumentException("parameter " + name + " has an unsupported type "
                + value.getClass().getName());
    }

    private static String plain(BigDecimal number) {
        return number.stripTrailingZeros().toPlainString();
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    @Override
    public String toString() {
        return "RequestSigner[publicKey=" + publicKey + ", projectId=" + projectId + ", privateKey=(hidden)]";
    }
}
