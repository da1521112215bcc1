package io.keywarden.issuance;

import java.time.Instant;

/**
 * The successor of an automatic rotation, as kept for the client it was issued to: its secret,
 * sealed to that client's {@code seal-to}, until the client acknowledges it.
 *
 * @param accessKeyId the successor
 * @param rotatedFrom the key it replaces
 * @param client the client the successor is issued to, the only one that may fetch it
 * @param userName the upstream user of both keys
 * @param sealedSecret the sealed secret; {@code null} once acknowledged (it is deleted then)
 * @param createdAt when the successor was recorded
 * @param acknowledgedAt when the client acknowledged it, or {@code null}
 */
public record SealedSuccessor(
        String accessKeyId,
        String rotatedFrom,
        String client,
        String userName,
        SealedSecret sealedSecret,
        Instant createdAt,
        Instant acknowledgedAt) {

    /** Whether the client has acknowledged it, so its sealed secret is gone. */
    public boolean acknowledged() {
        return acknowledgedAt != null;
    }

    @Override
    public String toString() {
        return "SealedSuccessor[" + accessKeyId + ", client=" + client + ", acknowledged=" + acknowledged() + "]";
    }
}
