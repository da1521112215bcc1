package io.keywarden.compat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.keywarden.accesskey.AccessKeyStatus;
import io.keywarden.issuance.IssuedKey;
import io.keywarden.issuance.SealedSecret;
import java.time.Instant;
import java.util.Locale;

/**
 * A new key as the upstream's CreateAccessKey answer spells it: PascalCase names, Unix seconds
 * with 0 for unset, {@code Active} for the status. It is derived from the stored answer alone, so
 * a replay serialises to the same bytes. For a client with {@code seal-to}, {@code
 * AccessKeySecretSealed} takes the place of {@code AccessKeySecret}, which is then left out: the
 * sealed secret as the REST API answers it, in the same shape, so one piece of a consumer's code
 * opens both (docs/sealed-secrets.md). {@link #toString()} never shows the secret.
 */
@JsonPropertyOrder({
    "AccessKeyID",
    "UserId",
    "AccessKeySecret",
    "AccessKeySecretSealed",
    "Description",
    "Status",
    "CreatedAt",
    "ExpiredAt",
    "UpdatedAt",
    "DeletedAt"
})
record CompatAccessKey(
        @JsonProperty("AccessKeyID") String accessKeyId,
        @JsonProperty("UserId") long userId,

        @JsonProperty("AccessKeySecret") @JsonInclude(JsonInclude.Include.NON_NULL)
        String accessKeySecret,

        @JsonProperty("AccessKeySecretSealed") @JsonInclude(JsonInclude.Include.NON_NULL)
        SealedSecret accessKeySecretSealed,

        @JsonProperty("Description") String description,
        @JsonProperty("Status") String status,
        @JsonProperty("CreatedAt") long createdAt,
        @JsonProperty("ExpiredAt") long expiredAt,
        @JsonProperty("UpdatedAt") long updatedAt,
        @JsonProperty("DeletedAt") long deletedAt) {

    static CompatAccessKey of(IssuedKey key) {
        long created = seconds(key.createdAt());
        return new CompatAccessKey(
                key.accessKeyId(),
                key.userId(),
                key.accessKeySecret(),
                key.sealedSecret(),
                key.description() == null ? "" : key.description(),
                upstreamSpelling(key.status()),
                created,
                seconds(key.expiresAt()),
                // A key is never updated between its creation and this answer.
                created,
                0);
    }

    private static long seconds(Instant instant) {
        return instant == null ? 0 : instant.getEpochSecond();
    }

    private static String upstreamSpelling(AccessKeyStatus status) {
        String name = status.name();
        return name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "CompatAccessKey[AccessKeyID=" + accessKeyId + ", AccessKeySecret=(hidden), UserId=" + userId + "]";
    }
}
