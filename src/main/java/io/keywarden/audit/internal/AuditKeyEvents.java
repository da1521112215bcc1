package io.keywarden.audit.internal;

import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditEntry;
import io.keywarden.audit.AuditLog;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.jobs.Job;
import java.util.List;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records in the chain itself the two changes of what protects it, once, at the first start that
 * sees them: the switch from the HMAC chain to the public SHA-256 chain (the first version 2
 * event, right after the last HMAC one), and a roll of the checkpoint signing key (the latest
 * checkpoint names another key than the current one). Both are appended under the checkpoint lock,
 * so instances starting together record each change once.
 */
@Component
class AuditKeyEvents {

    private final JdbcTemplate jdbc;
    private final AuditLog audit;
    private final AuditSigning signing;
    private final AuditCheckpoints checkpoints;
    private final TransactionTemplate transactions;

    AuditKeyEvents(
            JdbcTemplate jdbc,
            AuditLog audit,
            AuditSigning signing,
            AuditCheckpoints checkpoints,
            TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.signing = signing;
        this.checkpoints = checkpoints;
        this.transactions = transactions;
    }

    @EventListener(ApplicationReadyEvent.class)
    void recordChanges() {
        transactions.executeWithoutResult(tx -> {
            jdbc.queryForList("SELECT pg_advisory_xact_lock(?)", AuditCheckpoints.CHECKPOINT_LOCK);
            List<Integer> head =
                    jdbc.queryForList("SELECT chain_version FROM audit_event ORDER BY id DESC LIMIT 1", Integer.class);
            if (!head.isEmpty() && head.get(0) == AuditChain.HMAC) {
                audit.append(AuditEntry.of(Job.ACTOR, AuditAction.UPGRADE_AUDIT_CHAIN, AuditOutcome.SUCCEEDED)
                        .detail("events from this one on are chained with SHA-256 (chain version 2), signed by key "
                                + signing.currentKeyId()));
            }
            String current = signing.currentKeyId();
            if (!checkpoints.enabled()) {
                return;
            }
            checkpoints
                    .latestStored()
                    .filter(latest -> !latest.keyId().equals(current) && !rollRecorded(latest, current))
                    .ifPresent(latest -> audit.append(
                            AuditEntry.of(Job.ACTOR, AuditAction.ROLL_AUDIT_SIGNING_KEY, AuditOutcome.SUCCEEDED)
                                    .detail("checkpoint signing key " + latest.keyId() + " rolled to " + current
                                            + (signing.publicKeys().containsKey(latest.keyId())
                                                    ? ""
                                                    : "; the previous public key is not configured"))));
        });
    }

    private boolean rollRecorded(Checkpoint latest, String current) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM audit_event WHERE id > ? AND action = ? AND key_id = ?)",
                Boolean.class,
                latest.headEventId(),
                AuditAction.ROLL_AUDIT_SIGNING_KEY.name(),
                current));
    }
}
