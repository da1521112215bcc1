package io.keywarden.console.internal;

import java.nio.charset.StandardCharsets;
import org.springframework.web.util.UriUtils;

/** Console paths of one key: its id is one percent-encoded path segment, since real ids hold '/'. */
final class KeyPaths {

    private KeyPaths() {}

    static String of(String accessKeyId) {
        return "/console/keys/" + UriUtils.encodePathSegment(accessKeyId, StandardCharsets.UTF_8);
    }
}
