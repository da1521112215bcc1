package io.keywarden.accesskey;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Keys keywarden issued, looked up by their upstream id or by user. */
public interface AccessKeyRepository extends JpaRepository<AccessKey, Long> {

    Optional<AccessKey> findByAccessKeyId(String accessKeyId);

    @Query("select k.accessKeyId from AccessKey k where k.accessKeyId in :ids")
    List<String> findKnownIds(Collection<String> ids);

    List<AccessKey> findByUserNameAndIdGreaterThanOrderById(String userName, long afterId, Limit limit);

    List<AccessKey> findByStatusAndIdGreaterThanOrderById(AccessKeyStatus status, long afterId, Limit limit);

    List<AccessKey> findByIdGreaterThanOrderById(long afterId, Limit limit);

    List<AccessKey> findByUserNameAndStatusAndIdGreaterThanOrderById(
            String userName, AccessKeyStatus status, long afterId, Limit limit);
}
