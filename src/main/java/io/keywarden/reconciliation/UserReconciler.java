package io.keywarden.reconciliation;

import io.keywarden.accesskey.AccessKeyQueries;
import io.keywarden.accesskey.AccessKeyStatus;
import io.keywarden.accesskey.AccessKeyView;
import io.keywarden.accesskey.KeyLifecycle;
import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditEntry;
import io.keywarden.audit.AuditLog;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.issuance.KeyIssuer;
import io.keywarden.jobs.Job;
import io.keywarden.jobs.JobResult;
import io.keywarden.upstream.UpstreamAccessKey;
import io.keywarden.upstream.UpstreamIamClient;
import io.keywarden.upstream.UpstreamOutcome;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    private static final Logger log = LoggerFactory.getLogger(UserReconciler.class);

    private final UpstreamIamClient upstream;
    private final KeyLifecycle lifecycle;
    private final AccessKeyQueries keys;
    private final KeyIssuer issuer;
    private final AuditLog audit;
    private final TransactionTemplate transactions;

    UserReconciler(
            UpstreamIamClient upstream,
            KeyLifecycle lifecycle,
            AccessKeyQueries keys,
            KeyIssuer issuer,
            AuditLog audit,
            TransactionTemplate transactions) {
        this.upstream = upstream;
        this.lifecycle = lifecycle;
        this.keys = keys;
        this.issuer = issuer;
        this.audit = audit;
        this.transactions = transactions;
    }

    JobResult reconcile(String userName) {
        if (issuer.hasUnsettledAttempt(userName)) {
            return JobResult.itemUnchanged();
        }
        UpstreamOutcome<List<UpstreamAccessKey>> listed = upstream.listAccessKeys(userName);
        if (!listed.succeeded()) {
            return JobResult.itemFailed("could not list the keys of " + userName);
        }
        Map<String, UpstreamAccessKey> upstreamKeys = listed.value().stream()
                .collect(Collectors.toMap(UpstreamAccessKey::accessKeyId, Function.identity(), (a, b) -> a));
        int changed = transactions.execute(tx -> align(userName, upstreamKeys));
        return new JobResult(1, changed, 0, null);
    }

    private int align(String userName, Map<String, UpstreamAccessKey> upstreamKeys) {
        List<KeyLifecycle.Aligned> recorded = lifecycle.alignWithUpstream(userName, upstreamKeys);
        int changed = 0;
        for (KeyLifecycle.Aligned aligned : recorded) {
            if (aligned.drifted()) {
                drift(aligned.key(), aligned.recorded());
                changed++;
            }
        }
        Set<String> unmatched = new HashSet<>(upstreamKeys.keySet());
        recorded.forEach(aligned -> unmatched.remove(aligned.key().accessKeyId()));
        // The upstream's list is bounded by its per-user limit; keys recorded as deleted count as known.
        Set<String> known = unmatched.isEmpty() ? Set.of() : keys.knownIds(unmatched);
        for (String id : unmatched) {
            if (!known.contains(id) && !audit.recorded(id, AuditOutcome.UNMANAGED)) {
                audit.append(AuditEntry.of(Job.ACTOR, AuditAction.RECONCILE_USER, AuditOutcome.UNMANAGED)
                        .user(userName)
                        .key(id)
                        .detail("a key upstream that keywarden did not issue; left alone"));
                log.warn("User {} has key {} upstream that keywarden did not issue", userName, id);
            }
        }
        return changed;
    }

    private void drift(AccessKeyView key, AccessKeyStatus had) {
        String detail = "upstream says " + key.status() + ", keywarden had " + had;
        audit.append(AuditEntry.of(Job.ACTOR, AuditAction.RECONCILE_USER, AuditOutcome.DRIFT_DETECTED)
                .user(key.userName())
                .key(key.accessKeyId())
                .detail(detail));
        log.warn("Drift on key {} of user {}: {}", key.accessKeyId(), key.userName(), detail);
    }
}
