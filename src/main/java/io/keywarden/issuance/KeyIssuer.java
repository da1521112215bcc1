package io.keywarden.issuance;

import io.keywarden.audit.AuditOutcome;
import io.keywarden.upstream.UpstreamAccessKey;
import io.keywarden.upstream.UpstreamIamClient;
import io.keywarden.upstream.UpstreamOutcome;
import io.keywarden.web.ProblemException;
import io.keywarden.web.Problems;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionException;

/**
 * Issues a key without ever losing one: the intent is committed before the upstream is called,
 * the upstream is called with no database connection held, and the key, the intent's end and the
 * audit event commit together afterwards. A retry of an attempt whose outcome is unknown first
 * revokes whatever that attempt may have left upstream. See DESIGN.md section 3.
 */
@Service
public class KeyIssuer {

    /** The problem type of a retry refused while its earlier attempt awaits an operator. */
    static final String AWAITING_OPERATOR = "orphan-ambiguous";

    private static final Logger log = LoggerFactory.getLogger(KeyIssuer.class);

    /** Said in the audit of a replay refused because the stored answer is not this request's. */
    static final String REPLAY_REFUSED = "stored answer not bound to this request: not served";

    private final IssuanceStore store;
    private final IssuanceRecorder recorder;
    private final OrphanReconciler reconciler;
    private final UpstreamIamClient upstream;
    private final RecordRetry recordRetry;
    private final GroupCommit groupCommit;

    KeyIssuer(
            IssuanceStore store,
            IssuanceRecorder recorder,
            OrphanReconciler reconciler,
            UpstreamIamClient upstream,
            RecordRetry recordRetry,
            GroupCommit groupCommit) {
        this.store = store;
        this.recorder = recorder;
        this.reconciler = reconciler;
        this.upstream = upstream;
        this.recordRetry = recordRetry;
        this.groupCommit = groupCommit;
    }

    public Issued issue(IssueRequest request) {
        String fingerprint = RequestFingerprint.of(request);
        Claim claim = begin(request, fingerprint);
        if (claim instanceof Claim.Unsettled unsettled) {
            settle(unsettled, request);
            claim = begin(request, fingerprint);
        }
        if (claim instanceof Claim.Started started) {
            return new Issued(callUpstream(started, request), false);
        }
        if (claim instanceof Claim.Replay replay) {
            return new Issued(replay(replay, request), true);
        }
        if (claim instanceof Claim.Mismatch) {
            throw Problems.idempotencyKeyReused("This Idempotency-Key was already used with a different request body.");
        }
        if (claim instanceof Claim.AwaitingOperator awaiting) {
            throw awaitingOperator(awaiting);
        }
        throw Problems.conflict(
                "request-in-progress",
                "Request in progress",
                "A request with this Idempotency-Key is still being processed; retry shortly.");
    }

    /**
     * The stored answer, or, when it was not stored for this request (a row altered in the
     * database, or a replay key no longer configured), an audited refusal that serves nothing.
     */
    private IssuedKey replay(Claim.Replay replay, IssueRequest request) {
        try {
            return storageCall(() -> recorder.replayed(replay.issuanceId(), request, replay.ciphertext()));
        } catch (ReplayCipher.UnreadableReplayException ex) {
            auditQuietly(() -> recorder.attempted(request, AuditOutcome.FAILED, null, REPLAY_REFUSED));
            throw new IllegalStateException(
                    "The stored answer of issuance " + replay.issuanceId() + " was not served: " + ex.getMessage());
        }
    }

    private Claim begin(IssueRequest request, String fingerprint) {
        try {
            return storageCall(() -> store.begin(request, fingerprint));
        } catch (IssuanceStore.NotRotatableException ex) {
            throw Problems.conflict("key-not-rotatable", "Key not rotatable", ex.getMessage());
        }
    }

    /** The request's earlier attempt left keys that cannot be attributed to it: only an operator can go on. */
    private static ProblemException awaitingOperator(Claim.AwaitingOperator awaiting) {
        return Problems.conflict(
                AWAITING_OPERATOR,
                "Earlier attempt awaits an operator",
                "An earlier attempt with this Idempotency-Key lost its answer, and the keys found upstream for "
                        + awaiting.userName() + " cannot be attributed to it. Nothing was revoked and no key was"
                        + " created. An operator must resolve issuance " + awaiting.issuanceId()
                        + " (POST /admin/v1/ambiguous-orphans/" + awaiting.issuanceId()
                        + "/resolution); retry after that.",
                Map.of("issuanceId", awaiting.issuanceId().toString()));
    }

    private void settle(Claim.Unsettled unsettled, IssueRequest request) {
        try {
            reconciler.reconcile(unsettled, request.caller().name());
        } catch (ReconciliationDeferredException ex) {
            auditQuietly(() -> recorder.attempted(request, AuditOutcome.UPSTREAM_UNAVAILABLE, null, ex.getMessage()));
            throw Problems.upstreamUnavailable(ex.getMessage(), ex.retryAfter());
        }
    }

    private IssuedKey callUpstream(Claim.Started started, IssueRequest request) {
        UpstreamOutcome<UpstreamAccessKey> outcome = upstream.createAccessKey(request.userName());
        if (outcome instanceof UpstreamOutcome.Success<UpstreamAccessKey> success) {
            return record(started, request, success);
        }
        if (outcome instanceof UpstreamOutcome.Rejected<UpstreamAccessKey> rejected) {
            end(
                    started,
                    request,
                    "FAILED",
                    AuditOutcome.REJECTED,
                    rejected.retCode(),
                    rejected.requestId(),
                    rejected.message());
            throw Problems.upstreamRejected(rejected.retCode(), rejected.message(), rejected.requestId());
        }
        if (outcome instanceof UpstreamOutcome.Unavailable<UpstreamAccessKey> unavailable) {
            end(
                    started,
                    request,
                    "FAILED",
                    AuditOutcome.UPSTREAM_UNAVAILABLE,
                    null,
                    unavailable.requestId(),
                    unavailable.reason());
            throw Problems.upstreamUnavailable(
                    "The upstream IAM API is unavailable (" + unavailable.reason() + "); nothing was created.",
                    unavailable.retryAfter());
        }
        UpstreamOutcome.OutcomeUnknown<UpstreamAccessKey> unknown =
                (UpstreamOutcome.OutcomeUnknown<UpstreamAccessKey>) outcome;
        end(
                started,
                request,
                "OUTCOME_UNKNOWN",
                AuditOutcome.OUTCOME_UNKNOWN,
                null,
                unknown.requestId(),
                unknown.reason());
        throw Problems.upstreamOutcomeUnknown(
                "The upstream did not answer in time; a key may or may not exist. Retry with the same"
                        + " Idempotency-Key: keywarden settles the earlier attempt first.",
                unknown.requestId());
    }

    private IssuedKey record(
            Claim.Started started, IssueRequest request, UpstreamOutcome.Success<UpstreamAccessKey> success) {
        UpstreamAccessKey key = success.value();
        try {
            IssuedKey issued = recordRetry.run(() ->
                    groupCommit.run(() -> recorder.succeeded(started.issuanceId(), request, key, success.requestId())));
            log.info(
                    "Issued key {} for user {} to client {}",
                    key.accessKeyId(),
                    request.userName(),
                    request.caller().name());
            return issued;
        } catch (IssuanceRecorder.LeaseLostException | DataAccessException | TransactionException ex) {
            log.error(
                    "Key {} for user {} was created upstream but could not be recorded ({}); the reconciler"
                            + " revokes it",
                    key.accessKeyId(),
                    request.userName(),
                    ex.getClass().getSimpleName());
            auditQuietly(() -> recorder.attempted(
                    request, AuditOutcome.NOT_RECORDED, key.accessKeyId(), "created upstream, not recorded"));
            throw Problems.storageUnavailable("The key could not be recorded and will be revoked; nothing was"
                    + " delivered. Retry with the same Idempotency-Key.");
        }
    }

    private void end(
            Claim.Started started,
            IssueRequest request,
            String state,
            AuditOutcome outcome,
            Integer retCode,
            String upstreamRequestId,
            String detail) {
        auditQuietly(() ->
                recorder.ended(started.issuanceId(), request, state, outcome, retCode, upstreamRequestId, detail));
    }

    private static void auditQuietly(Runnable write) {
        try {
            write.run();
        } catch (DataAccessException | TransactionException ex) {
            log.warn(
                    "Could not record an attempt's end ({}); the reconciler settles it",
                    ex.getClass().getSimpleName());
        }
    }

    private static <T> T storageCall(Supplier<T> call) {
        try {
            return call.get();
        } catch (DataAccessException | TransactionException ex) {
            log.warn("Database unavailable: {}", ex.getClass().getSimpleName());
            throw Problems.storageUnavailable("Keywarden's database is unavailable; nothing was done. Retry later.");
        }
    }
}
