package io.keywarden.accesskey;

import io.keywarden.security.Caller;
import io.keywarden.web.Problems;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Key metadata for callers: one key, or a page of keys in the caller's scope. Never a secret. */
@RestController
class AccessKeyController {

    private final AccessKeyQueries queries;

    AccessKeyController(AccessKeyQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/v1/access-keys/{accessKeyId}")
    ResponseEntity<AccessKeyView> get(@AuthenticationPrincipal Caller caller, @PathVariable String accessKeyId) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(queries.get(caller, accessKeyId));
    }

    @GetMapping("/v1/access-keys")
    ResponseEntity<AccessKeyPage> list(
            @AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) String userName,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        AccessKeyPage page = queries.list(caller, userName, parseStatus(status), limit, cursor);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(page);
    }

    private static AccessKeyStatus parseStatus(String status) {
        if (status == null) {
            return null;
        }
        try {
            return AccessKeyStatus.valueOf(status);
        } catch (IllegalArgumentException ex) {
            throw Problems.invalidRequest("status must be one of ACTIVE, ROTATING, INACTIVE, DELETED.");
        }
    }
}
