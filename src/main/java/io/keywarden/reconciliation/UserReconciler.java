package io.keywarden.reconciliation;

import io.keywarden.accesskey.AccessKeyStatus;
import io.keywarden.accesskey.internal.AccessKey;
import io.keywarden.accesskey.internal.AccessKeyRepository;
import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditEntry;
import io.keywarden.audit.AuditLog;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.jobs.JobResult;
import io.keywarden.upstream.UpstreamAccessKey;
import io.keywarden.upstream.UpstreamIamClient;
import io.keywarden.upstream.UpstreamKeyStatus;
import io.keywarden.upstream.UpstreamOutcome;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Compares one user's keys upstream with keywarden's records and brings the records in line:
 * a key gone upstream becomes {@code DELETED}; a key disabled or enabled by hand upstream takes
 * that status; each such change is audited {@code DRIFT_DETECTED}. A key upstream that
 * keywarden never issued is reported once ({@code UNMANAGED}) and never touched. A user with an
 * attempt in flight is skipped: its new key is not recorded yet.
 */
@Component
class UserReconciler {

    static final String ACTOR = "keywarden";
    private static final Logger log = LoggerFactory.getLogger(UserReconciler.class);

    private final UpstreamIamClient upstream;
    private final AccessKeyRepository keys;
    private final AuditLog audit;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    UserReconciler(
            UpstreamIamClient upstream,
            AccessKeyRepository keys,
            AuditLog audit,
            JdbcTemplate jdbc,
            TransactionTemplate transactions,
            Clock clock) {
        this.upstream = upstream;
        this.keys = keys;
        this.audit = audit;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    JobResult reconcile(String userName) {
        if (attemptInFlight(userName)) {
            return new JobResult(1, 0, 0, null);
        }
        UpstreamOutcome<List<UpstreamAccessKey>> listed = upstream.listAccessKeys(userName);
        if (!(listed instanceof UpstreamOutcome.Success<List<UpstreamAccessKey>> success)) {
            return new JobResult(1, 0, 1, "could not list the keys of " + userName);
        }
        Map<String, UpstreamAccessKey> upstreamKeys = success.value().stream()
                .collect(Collectors.toMap(UpstreamAccessKey::accessKeyId, Function.identity(), (a, b) -> a));
        int changed = transactions.execute(tx -> align(userName, upstreamKeys));
        return new JobResult(1, changed, 0, null);
    }

    private int align(String userName, Map<String, UpstreamAccessKey> upstreamKeys) {
        List<AccessKey> recorded = keys.findByUserName(userName);
        int changed = 0;
        for (AccessKey key : recorded) {
            AccessKeyStatus should = statusFor(key, upstreamKeys.get(key.getAccessKeyId()));
            if (should != key.getStatus()) {
                drift(key, should);
                changed++;
            }
        }
        Map<String, AccessKey> known =
                recorded.stream().collect(Collectors.toMap(AccessKey::getAccessKeyId, Function.identity()));
        for (String id : upstreamKeys.keySet()) {
            if (!known.containsKey(id) && !reportedUnmanaged(id)) {
                audit.append(AuditEntry.of(ACTOR, AuditAction.RECONCILE_USER, AuditOutcome.UNMANAGED)
                        .user(userName)
                        .key(id)
                        .detail("a key upstream that keywarden did not issue; left alone"));
                log.warn("User {} has key {} upstream that keywarden did not issue", userName, id);
            }
        }
        return changed;
    }

    private static AccessKeyStatus statusFor(AccessKey key, UpstreamAccessKey upstreamKey) {
        if (key.getStatus() == AccessKeyStatus.DELETED) {
            return AccessKeyStatus.DELETED;
        }
        if (upstreamKey == null) {
            return AccessKeyStatus.DELETED;
        }
        if (upstreamKey.status() == UpstreamKeyStatus.INACTIVE) {
            return AccessKeyStatus.INACTIVE;
        }
        if (key.getStatus() == AccessKeyStatus.INACTIVE) {
            return key.getRetireAt() != null ? AccessKeyStatus.ROTATING : AccessKeyStatus.ACTIVE;
        }
        return key.getStatus();
    }

    private void drift(AccessKey key, AccessKeyStatus should) {
        String detail = "upstream says " + should + ", keywarden had " + key.getStatus();
        key.changeStatus(should, clock.instant());
        keys.save(key);
        audit.append(AuditEntry.of(ACTOR, AuditAction.RECONCILE_USER, AuditOutcome.DRIFT_DETECTED)
                .user(key.getUserName())
                .key(key.getAccessKeyId())
                .detail(detail));
        log.warn("Drift on key {} of user {}: {}", key.getAccessKeyId(), key.getUserName(), detail);
    }

    private boolean attemptInFlight(String userName) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM issuance WHERE user_name = ? AND state IN ('IN_FLIGHT', 'OUTCOME_UNKNOWN'))",
                Boolean.class,
                userName));
    }

    private boolean reportedUnmanaged(String accessKeyId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM audit_event WHERE access_key_id = ? AND outcome = 'UNMANAGED')",
                Boolean.class,
                accessKeyId));
    }
}
