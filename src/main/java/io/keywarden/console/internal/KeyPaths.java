package io.keywarden.console.internal;

import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;

/**
 * Console paths of one key: its id is one percent-encoded path segment, since real ids hold '/'.
 * Templates link keys with {@code th:with="path=${@keyPaths.path(id)}"} (a link expression may call no bean), then {@code @{${path}}}: a link expression's own path variables
 * leave '/' as it is, which would split the id.
 */
@Component("keyPaths")
class KeyPaths {

    static String of(String accessKeyId) {
        return "/console/keys/" + UriUtils.encodePathSegment(accessKeyId, StandardCharsets.UTF_8);
    }

    /** {@link #of}, for templates, which may call no static method. */
    public String path(String accessKeyId) {
        return of(accessKeyId);
    }
}
