package io.keywarden.compat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The upstream's answer envelope for CreateAccessKey: {@code RetCode} 0 with the {@code AccessKey},
 * or a non-zero {@code RetCode} with a {@code Message}. Absent members are left out, as the
 * upstream leaves them out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"RetCode", "Action", "Message", "AccessKey"})
record CompatEnvelope(
        @JsonProperty("RetCode") int retCode,
        @JsonProperty("Action") String action,
        @JsonProperty("Message") String message,
        @JsonProperty("AccessKey") CompatAccessKey accessKey) {

    static final String ACTION = "CreateAccessKeyResponse";

    static CompatEnvelope success(CompatAccessKey key) {
        return new CompatEnvelope(0, ACTION, null, key);
    }

    static CompatEnvelope failure(int retCode, String message) {
        return new CompatEnvelope(retCode, ACTION, message, null);
    }
}
