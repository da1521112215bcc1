package io.keywarden.platform.secrets;

import java.util.Base64;

/**
 * Reads a 256-bit key given in configuration as base64, failing with a message that names the
 * property (never its value), so a mistyped key stops the start-up and says which one.
 */
public final class SecretKeySetting {

    private static final int BYTES = 32;

    private SecretKeySetting() {}

    public static byte[] decode(String property, String value) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(value.trim());
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(property + " must be base64 (of " + BYTES + " random bytes)");
        }
        if (key.length != BYTES) {
            throw new IllegalArgumentException(
                    property + " must be the base64 of " + BYTES + " bytes, not " + key.length);
        }
        return key;
    }
}
