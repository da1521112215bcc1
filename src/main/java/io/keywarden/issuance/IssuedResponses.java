package io.keywarden.issuance;

import io.keywarden.web.Headers;
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
