package io.keywarden.accesskey;

import java.time.Instant;

/**
 * One key a {@link KeySelection} matched.
 *
 * @param position its row's position: selections are walked in this order
 * @param accessKeyId the key
 * @param userName its user
 * @param status its status when selected
 * @param createdAt when it was created
 * @param issuedBy the client that created it
 */
public record SelectedKey(
        long position,
        String accessKeyId,
        String userName,
        AccessKeyStatus status,
        Instant createdAt,
        String issuedBy) {}
