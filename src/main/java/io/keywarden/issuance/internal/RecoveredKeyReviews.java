package io.keywarden.issuance.internal;

import io.keywarden.accesskey.AccessKeyQueries;
import io.keywarden.issuance.RecoveredKeysUnreviewedException;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Checked as a create is claimed ({@link IssuanceClaims}), in its transaction: a user with keys
 * recovered after a loss of the database's commits that no operator has reviewed gets no new key.
 * The lost create's issuance row went with the loss, so a retry with the same Idempotency-Key
 * looks new; refusing every create for the user until an operator has looked is the only way such
 * a retry never silently makes a second live key. One probe of a partial index that holds only the
 * keys awaiting review: nothing to read for nearly every user.
 */
@Component
class RecoveredKeyReviews {

    /** How many of the keys a refusal names at most. */
    static final int NAMED = 10;

    private final AccessKeyQueries keys;

    RecoveredKeyReviews(AccessKeyQueries keys) {
        this.keys = keys;
    }

    /** Refuses a create for the user while any of its recovered keys awaits review. */
    void requireNonePending(IssueRequest request) {
        if (request.kind() != IssuanceKind.CREATE) {
            return;
        }
        List<String> pending = keys.unreviewedRecovered(request.userName(), NAMED);
        if (!pending.isEmpty()) {
            throw new RecoveredKeysUnreviewedException(request.userName(), pending);
        }
    }
}
