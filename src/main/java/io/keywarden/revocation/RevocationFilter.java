package io.keywarden.revocation;

import io.keywarden.accesskey.AccessKeyStatus;
import io.keywarden.accesskey.KeySelection;
import io.keywarden.identity.UserNameGlob;
import io.keywarden.platform.web.InvalidInputException;
import io.keywarden.platform.web.SearchText;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Which keys a bulk revocation revokes; every field is optional but at least one is required, so
 * that no request revokes every key by leaving the filter out.
 *
 * @param userName a glob of user names ({@code *} any run, {@code ?} one character, every other
 *     character literal), matched in SQL as a {@code LIKE} pattern
 * @param issuedBy the client that created the keys
 * @param createdAfter created at or after this (RFC 3339)
 * @param createdBefore created before this (RFC 3339)
 * @param status the statuses to revoke, of ACTIVE, ROTATING and INACTIVE; default all three
 */
public record RevocationFilter(
        String userName, String issuedBy, Instant createdAfter, Instant createdBefore, List<String> status) {

    private static final Set<AccessKeyStatus> REVOCABLE =
            EnumSet.of(AccessKeyStatus.ACTIVE, AccessKeyStatus.ROTATING, AccessKeyStatus.INACTIVE);

    /** The selection in SQL terms, after checking every field; a broken rule is a 400 naming it. */
    KeySelection selection() {
        if (userName == null && issuedBy == null && createdAfter == null && createdBefore == null && status == null) {
            throw new InvalidInputException(
                    "filter", "filter needs at least one of userName, issuedBy, createdAfter, createdBefore, status.");
        }
        SearchText.check("filter.userName", userName);
        SearchText.check("filter.issuedBy", issuedBy);
        if (userName != null && userName.isEmpty()) {
            throw new InvalidInputException("filter.userName", "filter.userName must not be empty.");
        }
        if (createdAfter != null && createdBefore != null && !createdAfter.isBefore(createdBefore)) {
            throw new InvalidInputException(
                    "filter.createdBefore", "filter.createdBefore must be later than filter.createdAfter.");
        }
        return new KeySelection(
                userName == null ? null : UserNameGlob.like(userName),
                issuedBy,
                createdAfter,
                createdBefore,
                statuses());
    }

    private Set<AccessKeyStatus> statuses() {
        if (status == null) {
            return REVOCABLE;
        }
        if (status.isEmpty()) {
            throw new InvalidInputException("filter.status", "filter.status must name at least one status.");
        }
        Set<AccessKeyStatus> statuses = EnumSet.noneOf(AccessKeyStatus.class);
        for (String name : status) {
            AccessKeyStatus parsed = REVOCABLE.stream()
                    .filter(candidate -> candidate.name().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new InvalidInputException(
                            "filter.status", "filter.status may hold ACTIVE, ROTATING and INACTIVE only."));
            statuses.add(parsed);
        }
        return statuses;
    }
}
