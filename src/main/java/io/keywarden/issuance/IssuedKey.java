package io.keywarden.issuance;

import io.keywarden.accesskey.AccessKeyStatus;
import java.time.Instant;

/**
 * The 201 answer to a create or rotate: the only response keywarden ever gives that holds a
 * secret. {@link #toString()} never shows it.
 */
public record IssuedKey(
        String accessKeyId,
        String accessKeySecret,
        String userName,
        long userId,
        String description,
        AccessKeyStatus status,
        Instant createdAt,
        Instant expiresAt,
        String rotatedFrom) {

    @Override
    public String toString() {
        return "IssuedKey[accessKeyId=" + accessKeyId + ", accessKeySecret=(hidden), userName=" + userName + "]";
    }
}
