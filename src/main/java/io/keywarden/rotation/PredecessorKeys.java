package io.keywarden.rotation;

import io.keywarden.accesskey.AccessKeyRecords;
import io.keywarden.accesskey.AccessKeyStatus;
import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditEntry;
import io.keywarden.audit.AuditLog;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.issuance.IssueRequest;
import io.keywarden.issuance.KeyNotRotatableException;
import io.keywarden.issuance.Succession;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * What a rotation does to the key it replaces, inside the create protocol's transactions: the old
 * key is locked while its successor's intent is written (attempts to rotate it queue), it must be
 * ACTIVE to be rotated, and once the successor is recorded it turns ROTATING and keeps working
 * until {@code retireAt}, the grace period later, audited in its own history as
 * {@code SUPERSEDE_ACCESS_KEY} (the successor's history holds the {@code ROTATE_ACCESS_KEY} that
 * created it). See docs/architecture.md#creating-a-key-without-losing-it.
 */
@Component
class PredecessorKeys implements Succession {

    private final AccessKeyRecords keys;
    private final RotationProperties rotation;
    private final AuditLog audit;
    private final Clock clock;

    PredecessorKeys(AccessKeyRecords keys, RotationProperties rotation, AuditLog audit, Clock clock) {
        this.keys = keys;
        this.rotation = rotation;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void lock(String predecessor) {
        keys.lockStatus(predecessor);
    }

    @Override
    public void requireReplaceable(String predecessor) {
        Optional<AccessKeyStatus> status = keys.lockStatus(predecessor);
        if (status.isEmpty() || status.get() != AccessKeyStatus.ACTIVE) {
            throw new KeyNotRotatableException("Access key " + predecessor + " is "
                    + status.map(AccessKeyStatus::name).orElse("unknown") + "; only an ACTIVE key can be rotated.");
        }
    }

    @Override
    public void succeeded(IssueRequest request, String successor) {
        Instant retireAt = clock.instant().plus(rotation.gracePeriod());
        keys.supersede(request.rotatedFrom(), retireAt);
        audit.append(AuditEntry.of(request.caller(), AuditAction.SUPERSEDE_ACCESS_KEY, AuditOutcome.SUCCEEDED)
                .user(request.userName())
                .key(request.rotatedFrom())
                .detail("rotated: successor " + successor + "; status ROTATING until " + retireAt));
    }
}
