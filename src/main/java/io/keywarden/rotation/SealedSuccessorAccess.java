package io.keywarden.rotation;

import io.keywarden.accesskey.AccessKeyQueries;
import io.keywarden.accesskey.AccessKeyView;
import io.keywarden.accesskey.KeyLifecycle;
import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditEntry;
import io.keywarden.audit.AuditLog;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.identity.Caller;
import io.keywarden.issuance.SealedSuccessor;
import io.keywarden.issuance.SealedSuccessors;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The issuing client's side of an automatic rotation: it fetches its successor's sealed secret
 * (as often as it needs) until it acknowledges it; the acknowledgement deletes the sealed secret
 * and brings the predecessor's retirement forward to now, which the retirement job then carries
 * out like any other ({@link RetirementJob}). Only the client the successor was issued to may do
 * either; a key outside the caller's scope is unknown to it (404), like on every key route. Each
 * success is audited here, each refusal by the edge.
 */
@Service
class SealedSuccessorAccess {

    private final AccessKeyQueries keys;
    private final SealedSuccessors successors;
    private final KeyLifecycle lifecycle;
    private final AuditLog audit;
    private final TransactionTemplate transactions;

    SealedSuccessorAccess(
            AccessKeyQueries keys,
            SealedSuccessors successors,
            KeyLifecycle lifecycle,
            AuditLog audit,
            TransactionTemplate transactions) {
        this.keys = keys;
        this.successors = successors;
        this.lifecycle = lifecycle;
        this.audit = audit;
        this.transactions = transactions;
    }

    /** What was acknowledged: the predecessor, and when it retires (now, or earlier if it was due already). */
    record Acknowledged(SealedSuccessor successor, Instant predecessorRetireAt) {}

    /** The successor's sealed secret, for its client; audited {@code FETCH_SEALED_SECRET}. */
    SealedSuccessor fetch(Caller caller, String accessKeyId) {
        SealedSuccessor successor = pending(caller, accessKeyId);
        transactions.executeWithoutResult(
                tx -> audit.append(AuditEntry.of(caller, AuditAction.FETCH_SEALED_SECRET, AuditOutcome.SUCCEEDED)
                        .user(successor.userName())
                        .key(accessKeyId)
                        .detail("sealed secret of the successor of " + successor.rotatedFrom())));
        return successor;
    }

    /**
     * The client has the successor's secret: the sealed secret is deleted and the predecessor
     * retires now; audited {@code ACKNOWLEDGE_SEALED_SECRET}. A second acknowledgement is refused
     * as gone (410), like a fetch after the first.
     */
    Acknowledged acknowledge(Caller caller, String accessKeyId) {
        SealedSuccessor successor = pending(caller, accessKeyId);
        return transactions.execute(tx -> {
            if (!successors.acknowledge(accessKeyId)) {
                // Another request acknowledged it between the read and this write.
                throw acknowledged(successor);
            }
            Optional<Instant> retireAt = lifecycle.retireEarly(successor.rotatedFrom());
            audit.append(AuditEntry.of(caller, AuditAction.ACKNOWLEDGE_SEALED_SECRET, AuditOutcome.SUCCEEDED)
                    .user(successor.userName())
                    .key(accessKeyId)
                    .detail("sealed secret deleted; predecessor " + successor.rotatedFrom()
                            + retireAt.map(at -> " retires at " + at).orElse(" was retired already")));
            return new Acknowledged(successor, retireAt.orElse(null));
        });
    }

    /** The successor with its sealed secret still kept, when {@code caller} is its client; else the refusal. */
    private SealedSuccessor pending(Caller caller, String accessKeyId) {
        AccessKeyView key = keys.get(caller, accessKeyId); // 404 unless known and in scope
        SealedSuccessor successor = successors
                .find(accessKeyId)
                .orElseThrow(() -> new SealedSuccessorRefusedException(
                        SealedSuccessorRefusedException.Reason.NONE,
                        key.userName(),
                        "Access key " + accessKeyId + " was not made by an automatic rotation: it has no sealed"
                                + " secret to fetch."));
        if (!successor.client().equals(caller.name())) {
            throw new SealedSuccessorRefusedException(
                    SealedSuccessorRefusedException.Reason.NOT_ITS_CLIENT,
                    key.userName(),
                    "Only the client access key " + accessKeyId + " was issued to may fetch or acknowledge its"
                            + " sealed secret.");
        }
        if (successor.acknowledged()) {
            throw acknowledged(successor);
        }
        return successor;
    }

    private static SealedSuccessorRefusedException acknowledged(SealedSuccessor successor) {
        return new SealedSuccessorRefusedException(
                SealedSuccessorRefusedException.Reason.ACKNOWLEDGED,
                successor.userName(),
                "The sealed secret of access key " + successor.accessKeyId() + " was acknowledged"
                        + (successor.acknowledgedAt() == null ? "" : " at " + successor.acknowledgedAt())
                        + " and deleted; it cannot be fetched again.");
    }
}
