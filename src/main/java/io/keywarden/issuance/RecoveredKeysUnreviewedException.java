package io.keywarden.issuance;

import io.keywarden.platform.web.Refusal;
import java.util.List;

/**
 * A create refused because its user holds keys recovered after a loss of the database's commits
 * that no operator has reviewed. Such a key was most likely issued and delivered, then its record
 * (and its issuance, with the Idempotency-Key) lost: a client retrying that create cannot be told
 * from a new one, and must not silently get a second live key while the first is alive upstream.
 * Answered with 409 naming the keys (compat: 9409), until an operator keeps or deletes each.
 */
public class RecoveredKeysUnreviewedException extends RuntimeException implements Refusal {

    /** Where an operator keeps a recovered key ({@code {accessKeyId}} replaced). */
    public static final String REVIEW_ROUTE = "POST /admin/v1/access-keys/{accessKeyId}/recovery-review";

    private final String userName;
    private final List<String> accessKeyIds;

    public RecoveredKeysUnreviewedException(String userName, List<String> accessKeyIds) {
        super(
                "User " + userName + " holds keys recovered after a loss of keywarden's database that no operator"
                        + " has reviewed: " + String.join(", ", accessKeyIds) + ". One of them may be the answer"
                        + " to an earlier create whose record was lost, so no key was created. An operator keeps"
                        + " each (" + REVIEW_ROUTE + " with {\"keep\": true}, ADMIN) or deletes it (DELETE"
                        + " /v1/access-keys/{accessKeyId}); retry after that.",
                null,
                false,
                false);
        this.userName = userName;
        this.accessKeyIds = List.copyOf(accessKeyIds);
    }

    /** The user's recovered keys awaiting review (the first few, should there be many). */
    public List<String> accessKeyIds() {
        return accessKeyIds;
    }

    @Override
    public Kind refusal() {
        return Kind.AWAITING_REVIEW;
    }

    @Override
    public String refusedUserName() {
        return userName;
    }
}
