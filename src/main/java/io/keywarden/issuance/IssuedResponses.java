package io.keywarden.issuance;

import io.keywarden.web.Headers;
import java.net.URI;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;

/**
 * The 201 answer of every endpoint that hands out a new key: its location, never cached, and
 * marked when it replays an earlier identical request's answer.
 */
public final class IssuedResponses {

    private IssuedResponses() {}

    public static ResponseEntity<IssuedKey> created(Issued issued) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.created(
                        URI.create("/v1/access-keys/" + issued.key().accessKeyId()))
                .cacheControl(CacheControl.noStore());
        if (issued.replayed()) {
            answer.header(Headers.IDEMPOTENT_REPLAYED, "true");
        }
        return answer.body(issued.key());
    }
}
