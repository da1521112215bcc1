package io.keywarden.accesskey;

import java.time.Instant;
import java.util.Set;

/**
 * Which of keywarden's own keys an operation selects, every part applied in SQL; a part left
 * {@code null} does not narrow the selection. Only rows of {@code access_key} can ever match, so
 * keys keywarden did not issue are never selected.
 *
 * @param userNameLike a {@code LIKE} pattern of user names (escape {@code \}), as
 *     {@link io.keywarden.identity.UserNameGlob#like(String)} makes from a glob
 * @param issuedBy the client that created the keys
 * @param createdAfter created at or after this
 * @param createdBefore created before this
 * @param statuses the statuses selected; never empty
 */
public record KeySelection(
        String userNameLike,
        String issuedBy,
        Instant createdAfter,
        Instant createdBefore,
        Set<AccessKeyStatus> statuses) {

    public KeySelection {
        if (statuses == null || statuses.isEmpty()) {
            throw new IllegalArgumentException("a selection names at least one status");
        }
        statuses = Set.copyOf(statuses);
    }
}
