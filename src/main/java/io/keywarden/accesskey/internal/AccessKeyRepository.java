package io.keywarden.accesskey.internal;

import io.keywarden.accesskey.AccessKeyStatus;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Keys keywarden issued, looked up by their upstream id or by user. */
public interface AccessKeyRepository extends JpaRepository<AccessKey, Long> {

    Optional<AccessKey> findByAccessKeyId(String accessKeyId);

    /** The successor of a rotated key. */
    Optional<AccessKey> findFirstByRotatedFrom(String accessKeyId);

    @Query("select k.accessKeyId from AccessKey k where k.accessKeyId in :ids")
    List<String> findKnownIds(Collection<String> ids);

    List<AccessKey> findByUserNameAndIdGreaterThanOrderById(String userName, long afterId, Limit limit);

    List<AccessKey> findByStatusAndIdGreaterThanOrderById(AccessKeyStatus status, long afterId, Limit limit);

    List<AccessKey> findByIdGreaterThanOrderById(long afterId, Limit limit);

    /** Superseded keys whose grace period ended, and that are not gone yet. */
    default List<AccessKey> findDueForRetirement(Instant now, long afterId, Limit limit) {
        return findByRetireAtLessThanEqualAndStatusInAndIdGreaterThanOrderById(
                now, List.of(AccessKeyStatus.ROTATING, AccessKeyStatus.INACTIVE), afterId, limit);
    }

    List<AccessKey> findByRetireAtLessThanEqualAndStatusInAndIdGreaterThanOrderById(
            Instant now, Collection<AccessKeyStatus> statuses, long afterId, Limit limit);

    /** Active keys created before {@code cutoff}: due for rotation. */
    default long countDueForRotation(Instant cutoff) {
        return countByStatusAndCreatedAtBefore(AccessKeyStatus.ACTIVE, cutoff);
    }

    long countByStatusAndCreatedAtBefore(AccessKeyStatus status, Instant cutoff);

    List<AccessKey> findByUserName(String userName);

    /** The users with a key that is not deleted, in name order, after {@code after}. */
    default List<String> findManagedUsersAfter(String after, int limit) {
        return findUsersAfter(AccessKeyStatus.DELETED, after, Limit.of(limit));
    }

    @Query("select distinct k.userName from AccessKey k where k.status <> :gone and k.userName > :after"
            + " order by k.userName")
    List<String> findUsersAfter(AccessKeyStatus gone, String after, Limit limit);

    List<AccessKey> findByUserNameAndStatusAndIdGreaterThanOrderById(
            String userName, AccessKeyStatus status, long afterId, Limit limit);
}
