package io.keywarden.accesskey;

import io.keywarden.security.Caller;
import io.keywarden.web.Problems;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads key metadata within a caller's scope. A key outside the scope is answered exactly like
 * an unknown one, so a caller cannot learn which keys exist beyond its users.
 */
@Service
@Transactional(readOnly = true)
public class AccessKeyQueries {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final AccessKeyRepository keys;

    AccessKeyQueries(AccessKeyRepository keys) {
        this.keys = keys;
    }

    public AccessKeyView get(Caller caller, String accessKeyId) {
        return keys.findByAccessKeyId(accessKeyId)
                .filter(key -> caller.mayManage(key.getUserName()))
                .map(AccessKeyView::of)
                .orElseThrow(() -> Problems.notFound("No access key " + accessKeyId + " is visible to this client."));
    }

    public AccessKeyPage list(Caller caller, String userName, AccessKeyStatus status, Integer limit, String cursor) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw Problems.invalidRequest("limit must be between 1 and " + MAX_LIMIT + ".");
        }
        long after = decodeCursor(cursor);
        if (userName != null && !caller.mayManage(userName)) {
            return new AccessKeyPage(List.of(), null);
        }
        List<AccessKey> found = new ArrayList<>();
        while (found.size() <= size) {
            List<AccessKey> batch = fetch(userName, status, after, size + 1);
            batch.stream().filter(key -> caller.mayManage(key.getUserName())).forEach(found::add);
            if (batch.size() <= size) {
                break;
            }
            after = batch.get(batch.size() - 1).getId();
        }
        String next = null;
        if (found.size() > size) {
            found = found.subList(0, size);
            next = encodeCursor(found.get(size - 1).getId());
        }
        return new AccessKeyPage(found.stream().map(AccessKeyView::of).toList(), next);
    }

    private List<AccessKey> fetch(String userName, AccessKeyStatus status, long after, int limit) {
        if (userName != null && status != null) {
            return keys.findByUserNameAndStatusAndIdGreaterThanOrderById(userName, status, after, Limit.of(limit));
        }
        if (userName != null) {
            return keys.findByUserNameAndIdGreaterThanOrderById(userName, after, Limit.of(limit));
        }
        if (status != null) {
            return keys.findByStatusAndIdGreaterThanOrderById(status, after, Limit.of(limit));
        }
        return keys.findByIdGreaterThanOrderById(after, Limit.of(limit));
    }

    private static String encodeCursor(long id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("k:" + id).getBytes(StandardCharsets.US_ASCII));
    }

    private static long decodeCursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return 0;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (text.startsWith("k:")) {
                return Long.parseLong(text.substring(2));
            }
        } catch (IllegalArgumentException ex) {
            // falls through to the problem below
        }
        throw Problems.invalidRequest("cursor is not a cursor this API returned.");
    }
}
