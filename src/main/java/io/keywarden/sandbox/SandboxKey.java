package io.keywarden.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An access key as the sandbox holds it. Tests read these to see what really exists upstream,
 * whatever the caller was told; {@link #toString()} hides the secret like every other key type.
 *
 * @param accessKeyId the public part
 * @param secret the private part
 * @param userName the user it belongs to
 * @param userId the user's id, stable per user name
 * @param description the remark
 * @param status Active or Inactive
 * @param createdAt Unix seconds
 * @param updatedAt Unix seconds
 */
public record SandboxKey(
        String accessKeyId,
        String secret,
        String userName,
        long userId,
        String description,
        SandboxKeyStatus status,
        long createdAt,
        long updatedAt) {

    SandboxKey updated(SandboxKeyStatus newStatus, String newDescription, long now) {
        return new SandboxKey(
                accessKeyId,
                secret,
                userName,
                userId,
                newDescription == null ? description : newDescription,
                newStatus == null ? status : newStatus,
                createdAt,
                now);
    }

    /** The upstream's AccessKey object; the secret only where asked for. */
    Map<String, Object> toWire(boolean withSecret) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("AccessKeyID", accessKeyId);
        if (withSecret) {
            wire.put("AccessKeySecret", secret);
        }
        wire.put("UserId", userId);
        wire.put("Description", description);
        wire.put("Status", status.wireName());
        wire.put("CreatedAt", createdAt);
        wire.put("UpdatedAt", updatedAt);
        wire.put("ExpiredAt", 0L);
        wire.put("DeletedAt", 0L);
        return wire;
    }

    @Override
    public String toString() {
        return "SandboxKey[accessKeyId=" + accessKeyId + ", secret=(hidden), userName=" + userName + ", userId="
                + userId + ", description=" + description + ", status=" + status + ", createdAt=" + createdAt
                + ", updatedAt=" + updatedAt + "]";
    }
}
