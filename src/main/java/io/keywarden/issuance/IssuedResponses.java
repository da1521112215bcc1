package io.keywarden.issuance;

import io.keywarden.platform.web.Headers;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.util.UriUtils;

/**
 * The 201 answer of every endpoint that hands out a new key: its location, never cached, and
 * marked when it replays an earlier identical request's answer.
 */
public final class IssuedResponses {

    /** A 201 answer as the API description shows it: a made-up key and a placeholder secret. */
    public static final String EXAMPLE = """
            {"accessKeyId": "BBmhiG/WGE+s54wIKFW74NiPVvxkuek2h9EwT3me36c=",
             "accessKeySecret": "(the secret, shown this once)",
             "userName": "team-payments", "userId": 256852758, "description": "CI deploy key",
             "status": "ACTIVE", "createdAt": "2026-11-28T06:45:08Z", "expiresAt": null,
             "rotatedFrom": null}""";

    /** The 409 of every endpoint that hands out a new key, as the API description shows it. */
    public static final String CONFLICT = "A conflicting request or state: the same Idempotency-Key still running"
            + " (request-in-progress), an earlier lost attempt awaiting an operator (orphan-ambiguous), a create"
            + " for a user holding keys recovered after a loss of keywarden's database that no operator has"
            + " reviewed (recovered-keys-unreviewed: userName, recoveredKeys, reviewAt), a key that"
            + " cannot be rotated now (key-not-rotatable), or the user already holds as many keys as the upstream"
            + " allows (key-limit-reached: limit, userName and liveKeys; retCode, upstreamMessage and"
            + " upstreamRequestId when the upstream itself refused). Nothing was created.";

    /** A key-limit-reached problem as the API description shows it. */
    public static final String KEY_LIMIT_EXAMPLE = """
            {"type": "https://keywarden.io/problems/key-limit-reached", "title": "Key limit reached", "status": 409,
             "detail": "User team-payments already holds 2 live keys, the upstream's limit of 2 per user; nothing was\
             created. Disable and delete a key the user no longer needs first, then create again. Key\
             0Y6rwIS5Bxq4HaG5WBFg0KQ/gex++P9xbpigcha7nBI= is ROTATING: it frees its slot when its grace period\
             ends at 2026-12-05T06:45:08Z and the key-retirement job deletes it.",
             "userName": "team-payments", "limit": 2,
             "liveKeys": [{"accessKeyId": "BBmhiG/WGE+s54wIKFW74NiPVvxkuek2h9EwT3me36c=", "status": "ACTIVE"},
                          {"accessKeyId": "0Y6rwIS5Bxq4HaG5WBFg0KQ/gex++P9xbpigcha7nBI=", "status": "ROTATING",
                           "retireAt": "2026-12-05T06:45:08Z"}]}""";

    private IssuedResponses() {}

    public static ResponseEntity<IssuedKey> created(Issued issued) {
        // Real ids hold '/': unencoded, it would split the id into two path segments.
        String segment = UriUtils.encodePathSegment(issued.key().accessKeyId(), StandardCharsets.UTF_8);
        ResponseEntity.BodyBuilder answer =
                ResponseEntity.created(URI.create("/v1/access-keys/" + segment)).cacheControl(CacheControl.noStore());
        if (issued.replayed()) {
            answer.header(Headers.IDEMPOTENT_REPLAYED, "true");
        }
        return answer.body(issued.key());
    }
}
