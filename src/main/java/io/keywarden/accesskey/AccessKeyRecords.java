package io.keywarden.accesskey;

import io.keywarden.accesskey.internal.AccessKey;
import io.keywarden.accesskey.internal.AccessKeyRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.data.domain.Limit;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The {@code access_key} table as other modules may use it: record a new key, lock and supersede
 * a key being rotated, bring a status in line with the upstream, and the few reads the jobs need.
 * Writes join the caller's transaction ({@code MANDATORY}), so a key's row commits with the
 * intent and the audit event that go with it.
 */
@Service
public class AccessKeyRecords {

    private final AccessKeyRepository keys;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    AccessKeyRecords(AccessKeyRepository keys, JdbcTemplate jdbc, Clock clock) {
        this.keys = keys;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void record(NewAccessKey key) {
        keys.save(new AccessKey(key, clock.instant()));
    }

    /**
     * Locks the key's row until the transaction ends, so that requests to replace it queue, and
     * answers its status (empty when keywarden does not know the key).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<AccessKeyStatus> lockStatus(String accessKeyId) {
        return jdbc
                .queryForList(
                        "SELECT status FROM access_key WHERE access_key_id = ? FOR UPDATE", String.class, accessKeyId)
                .stream()
                .findFirst()
                .map(AccessKeyStatus::valueOf);
    }

    /** A successor exists: the key keeps working until {@code retireAt}, then it is retired. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void supersede(String accessKeyId, Instant retireAt) {
        keys.findByAccessKeyId(accessKeyId).ifPresent(key -> key.supersede(retireAt, clock.instant()));
    }

    /** Records the status the upstream now has for the key. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void changeStatus(String accessKeyId, AccessKeyStatus status) {
        keys.findByAccessKeyId(accessKeyId).ifPresent(key -> key.changeStatus(status, clock.instant()));
    }

    /** Which of these ids keywarden has recorded. */
    @Transactional(readOnly = true)
    public Set<String> knownIds(Collection<String> accessKeyIds) {
        return new HashSet<>(keys.findKnownIds(accessKeyIds));
    }

    @Transactional(readOnly = true)
    public List<AccessKeyView> ofUser(String userName) {
        return keys.findByUserName(userName).stream().map(AccessKeyView::of).toList();
    }

    /** The users with a key that is not deleted, in name order, after {@code after}. */
    @Transactional(readOnly = true)
    public List<String> managedUsersAfter(String after, int limit) {
        return keys.findManagedUsersAfter(after, limit);
    }

    /** Superseded keys whose grace period ended by {@code now} and that are not gone yet, in position order. */
    @Transactional(readOnly = true)
    public List<RetirementDue> dueForRetirement(Instant now, long afterPosition, int limit) {
        return keys.findDueForRetirement(now, afterPosition, Limit.of(limit)).stream()
                .map(key -> new RetirementDue(key.getId(), key.getAccessKeyId(), key.getUserName()))
                .toList();
    }

    /** Active keys created before {@code cutoff}: due for rotation. */
    @Transactional(readOnly = true)
    public long countActiveCreatedBefore(Instant cutoff) {
        return keys.countDueForRotation(cutoff);
    }
}
