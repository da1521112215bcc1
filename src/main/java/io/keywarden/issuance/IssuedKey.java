package io.keywarden.issuance;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.keywarden.accesskey.AccessKeyStatus;
import java.time.Instant;

/**
 * The 201 answer to a create or rotate: the only response keywarden ever gives that holds a
 * secret. It holds it in clear ({@code accessKeySecret}) or, for a client with {@code seal-to},
 * only sealed to that client's key ({@code sealedSecret}); the other field is left out of the
 * answer altogether. {@link #toString()} never shows either.
 *
 * @param accessKeySecret the secret in clear, or {@code null} when it is sealed
 * @param sealedSecret the secret sealed to the client's key, or {@code null} when it is in clear
 */
public record IssuedKey(
        String accessKeyId,
        @JsonInclude(JsonInclude.Include.NON_NULL) String accessKeySecret,
        @JsonInclude(JsonInclude.Include.NON_NULL) SealedSecret sealedSecret,
        String userName,
        long userId,
        String description,
        AccessKeyStatus status,
        Instant createdAt,
        Instant expiresAt,
        String rotatedFrom) {

    /** This answer with its secret replaced by the sealed form: the clear secret is not kept. */
    public IssuedKey sealed(SealedSecret sealed) {
        return new IssuedKey(
                accessKeyId, null, sealed, userName, userId, description, status, createdAt, expiresAt, rotatedFrom);
    }

    @Override
    public String toString() {
        return "IssuedKey[accessKeyId=" + accessKeyId + ", "
                + (sealedSecret == null ? "accessKeySecret" : "sealedSecret") + "=(hidden), userName=" + userName + "]";
    }
}
