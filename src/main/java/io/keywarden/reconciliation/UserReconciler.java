package io.keywarden.reconciliation;

import io.keywarden.accesskey.AccessKeyQueries;
import io.keywarden.accesskey.AccessKeyStatus;
import io.keywarden.accesskey.AccessKeyView;
import io.keywarden.accesskey.KeyLifecycle;
import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditEntry;
import io.keywarden.audit.AuditLog;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.audit.LossWindows;
import io.keywarden.audit.LossWindows.LossWindow;
import io.keywarden.issuance.KeyIssuer;
import io.keywarden.jobs.Job;
import io.keywarden.jobs.JobResult;
import io.keywarden.lease.LeasePolicy;
import io.keywarden.upstream.UpstreamAccessKey;
import io.keywarden.upstream.UpstreamIamClient;
import io.keywarden.upstream.UpstreamOutcome;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * keywarden has no record of is reported once ({@code UNMANAGED}) and never touched, unless it was
 * created in the window of a loss an operator acknowledged (the database lost acknowledged commits,
 * {@link LossWindows}): such a key was most likely issued and delivered, and its record lost, so it
 * is adopted as a managed key recovered after that loss ({@code RECOVERED}, {@link
 * KeyLifecycle#adoptRecovered}), with the default lease, for an operator to review. A user with an
 * attempt in flight is skipped: its new key is not recorded yet.
 *
 * <p>A user keywarden holds no live key of is never walked (the upstream cannot list its users), so
 * keys of a user first created in the lost window are not found: the operating guide says so.
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
    private final LossWindows losses;
    private final LeasePolicy leases;

    UserReconciler(
            UpstreamIamClient upstream,
            KeyLifecycle lifecycle,
            AccessKeyQueries keys,
            KeyIssuer issuer,
            AuditLog audit,
            TransactionTemplate transactions,
            LossWindows losses,
            LeasePolicy leases) {
        this.upstream = upstream;
        this.lifecycle = lifecycle;
        this.keys = keys;
        this.issuer = issuer;
        this.audit = audit;
        this.transactions = transactions;
        this.losses = losses;
        this.leases = leases;
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
        unmatched.removeAll(known);
        // Read only when there is a key to place: nearly every run has none.
        List<LossWindow> windows = unmatched.isEmpty() ? List.of() : losses.acknowledged(issuer.clockSkew());
        for (String id : unmatched) {
            UpstreamAccessKey found = upstreamKeys.get(id);
            Optional<LossWindow> lost = windows.stream()
                    .filter(window -> window.contains(found.createdAt()))
                    .findFirst();
            if (lost.isPresent()) {
                if (adopt(userName, found, lost.get())) {
                    changed++;
                }
            } else if (!audit.recorded(id, AuditOutcome.UNMANAGED)) {
                audit.append(AuditEntry.of(Job.ACTOR, AuditAction.RECONCILE_USER, AuditOutcome.UNMANAGED)
                        .user(userName)
                        .key(id)
                        .detail("a key upstream that keywarden did not issue; left alone"));
                log.warn("User {} has key {} upstream that keywarden did not issue", userName, id);
            }
        }
        return changed;
    }

    /** Adopts a key created in an acknowledged loss's window; false when another run recorded it meanwhile. */
    private boolean adopt(String userName, UpstreamAccessKey found, LossWindow window) {
        Optional<AccessKeyView> adopted =
                lifecycle.adoptRecovered(Job.ACTOR, userName, found, window.lossId(), leases.recoveredLease());
        adopted.ifPresent(key -> log.warn(
                "User {} has key {} upstream, created {} while the database lost acknowledged commits (loss {}):"
                        + " adopted as recovered after the loss; an operator must review it",
                userName,
                key.accessKeyId(),
                found.createdAt(),
                window.lossId()));
        return adopted.isPresent();
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
