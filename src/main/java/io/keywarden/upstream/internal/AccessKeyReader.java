package io.keywarden.upstream.internal;

import io.keywarden.upstream.UpstreamAccessKey;
import io.keywarden.upstream.UpstreamKeyStatus;
import io.keywarden.upstream.UpstreamOutcome;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Turns the {@code AccessKey} part of a successful answer into records. It is strict where a
 * caller would otherwise be misled (a Create answer without an id or a secret is no key at all)
 * and drops secrets from List answers so that nothing downstream can store or log them.
 */
public final class AccessKeyReader {

    static final String NO_KEY_MESSAGE = "the upstream answered RetCode 0 without an access key";

    private AccessKeyReader() {}

    public static UpstreamOutcome<UpstreamAccessKey> created(UpstreamOutcome.Success<JsonNode> answer) {
        UpstreamAccessKey key = read(LenientJson.field(answer.value(), "AccessKey"), true);
        if (key == null || key.secret() == null) {
            return new UpstreamOutcome.Rejected<>(0, NO_KEY_MESSAGE, answer.requestId());
        }
        return new UpstreamOutcome.Success<>(key, answer.requestId());
    }

    public static UpstreamOutcome<List<UpstreamAccessKey>> listed(UpstreamOutcome.Success<JsonNode> answer) {
        JsonNode keys = LenientJson.field(answer.value(), "AccessKey");
        List<UpstreamAccessKey> result = new ArrayList<>();
        if (keys != null && keys.isArray()) {
            keys.values().forEach(node -> addIfUsable(node, result));
        } else if (keys != null && keys.isObject()) {
            addIfUsable(keys, result);
        } else if (keys != null && !keys.isNull()) {
            return new UpstreamOutcome.Rejected<>(
                    0, "the upstream answered an unreadable key list", answer.requestId());
        }
        return new UpstreamOutcome.Success<>(List.copyOf(result), answer.requestId());
    }

    private static void addIfUsable(JsonNode node, List<UpstreamAccessKey> into) {
        UpstreamAccessKey key = read(node, false);
        if (key != null) {
            into.add(key);
        }
    }

    /** The key described by the node, or {@code null} when it has no id. */
    static UpstreamAccessKey read(JsonNode node, boolean keepSecret) {
        String accessKeyId = LenientJson.text(LenientJson.field(node, "AccessKeyID"));
        if (accessKeyId == null) {
            return null;
        }
        Long userId = LenientJson.wholeNumber(LenientJson.field(node, "UserId"));
        return new UpstreamAccessKey(
                accessKeyId,
                keepSecret ? LenientJson.text(LenientJson.field(node, "AccessKeySecret")) : null,
                userId == null ? 0 : userId,
                LenientJson.text(LenientJson.field(node, "Description")),
                UpstreamKeyStatus.fromWire(LenientJson.text(LenientJson.field(node, "Status"))),
                LenientJson.unixSeconds(LenientJson.field(node, "CreatedAt")),
                LenientJson.unixSeconds(LenientJson.field(node, "UpdatedAt")),
                LenientJson.unixSeconds(LenientJson.field(node, "ExpiredAt")));
    }
}
