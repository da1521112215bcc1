package io.keywarden.issuance;

import io.keywarden.audit.AuditOutcome;
import io.keywarden.issuance.internal.Claim;
import io.keywarden.issuance.internal.GroupCommit;
import io.keywarden.issuance.internal.IssuanceRecorder;
import io.keywarden.issuance.internal.IssuanceStore;
import io.keywarden.issuance.internal.KeyLimits;
import io.keywarden.issuance.internal.OrphanReconciler;
import io.keywarden.issuance.internal.RecordRetry;
import io.keywarden.issuance.internal.ReplayCipher;
import io.keywarden.issuance.internal.RequestFingerprint;
import io.keywarden.lease.LeasePolicy;
import io.keywarden.lease.LeaseTooLongException;
import io.keywarden.security.Caller;
import io.keywarden.upstream.UpstreamAccessKey;
import io.keywarden.upstream.UpstreamIamClient;
import io.keywarden.upstream.UpstreamOutcome;
import io.keywarden.web.InvalidInputException;
import io.keywarden.web.StorageUnavailableException;
import java.time.Duration;
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
 * revokes whatever that attempt may have left upstream. What it refuses it throws as a
 * {@link io.keywarden.web.Refusal}, which the edge audits for every route alike. See
 * docs/architecture.md#creating-a-key-without-losing-it.
 */
@Service
public class KeyIssuer {

    private static final Logger log = LoggerFactory.getLogger(KeyIssuer.class);
    private static final String NOTHING_CREATED = "nothing was created";
    private static final String KEY_MAY_EXIST = "a key may or may not exist. Retry with the same Idempotency-Key:"
            + " keywarden settles the earlier attempt first.";

    /** Said in the audit of a replay refused because the stored answer is not this request's. */
    static final String REPLAY_REFUSED = "stored answer not bound to this request: not served";

    private final IssuanceStore store;
    private final IssuanceRecorder recorder;
    private final OrphanReconciler reconciler;
    private final UpstreamIamClient upstream;
    private final RecordRetry recordRetry;
    private final GroupCommit groupCommit;
    private final IssueRequestRules rules;
    private final LeasePolicy leases;
    private final KeyLimits keyLimits;

    KeyIssuer(
            IssuanceStore store,
            IssuanceRecorder recorder,
            OrphanReconciler reconciler,
            UpstreamIamClient upstream,
            RecordRetry recordRetry,
            GroupCommit groupCommit,
            IssueRequestRules rules,
            LeasePolicy leases,
            KeyLimits keyLimits) {
        this.store = store;
        this.recorder = recorder;
        this.reconciler = reconciler;
        this.upstream = upstream;
        this.recordRetry = recordRetry;
        this.groupCommit = groupCommit;
        this.rules = rules;
        this.leases = leases;
        this.keyLimits = keyLimits;
    }

    /**
     * Creates a key from a caller's raw inputs, checked in the order every create endpoint answers
     * them: idempotency key, user name, scope, description, ttl.
     */
    public Issued create(
            Caller caller,
            String idempotencyKey,
            boolean idempotencyKeyRequired,
            String userName,
            String description,
            Duration ttl) {
        String key = rules.idempotencyKey(idempotencyKey, idempotencyKeyRequired);
        String user = rules.userName(userName);
        caller.requireMayManage(user);
        IssueRequest request;
        try {
            String checkedDescription = rules.description(description);
            request = new IssueRequest(
                    caller,
                    key,
                    IssuanceKind.CREATE,
                    user,
                    checkedDescription,
                    null,
                    ttl,
                    leases.grant(caller.name(), ttl));
        } catch (InvalidInputException ex) {
            // Refused once the user is known: the refusal names them, and so does its audit.
            throw ex.concerning(user);
        } catch (LeaseTooLongException ex) {
            throw ex.concerning(user);
        }
        return issue(request);
    }

    /** Runs the create protocol for a request whose inputs are valid and in the caller's scope. */
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
        if (claim instanceof Claim.AwaitingOperator awaiting) {
            throw new AwaitingOperatorException(awaiting.issuanceId(), awaiting.userName());
        }
        throw claim instanceof Claim.Mismatch
                ? new IdempotencyKeyReusedException(request.userName())
                : new RequestInProgressException(request.userName());
    }

    /** Whether an attempt for the user has not settled yet, so its key may not be recorded. */
    public boolean hasUnsettledAttempt(String userName) {
        return store.hasUnsettled(userName);
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
        return storageCall(() -> store.begin(request, fingerprint));
    }

    private void settle(Claim.Unsettled unsettled, IssueRequest request) {
        try {
            reconciler.reconcile(
                    unsettled, request.caller().name(), request.caller().context());
        } catch (ReconciliationDeferredException ex) {
            auditQuietly(() -> recorder.attempted(request, AuditOutcome.UPSTREAM_UNAVAILABLE, null, ex.getMessage()));
            throw ex;
        }
    }

    private IssuedKey callUpstream(Claim.Started started, IssueRequest request) {
        UpstreamOutcome<UpstreamAccessKey> outcome = upstream.createAccessKey(request.userName());
        if (outcome.succeeded()) {
            return record(started, request, outcome);
        }
        auditQuietly(() -> recorder.ended(started.issuanceId(), request, outcome));
        if (keyLimits.refusedUpstream(outcome)) {
            throw keyLimits.upstreamRefusal(request, outcome);
        }
        throw outcome.failure(NOTHING_CREATED, KEY_MAY_EXIST);
    }

    private IssuedKey record(Claim.Started started, IssueRequest request, UpstreamOutcome<UpstreamAccessKey> success) {
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
            throw new StorageUnavailableException("The key could not be recorded and will be revoked; nothing was"
                    + " delivered. Retry with the same Idempotency-Key.");
        }
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
            throw new StorageUnavailableException(
                    "Keywarden's database is unavailable; nothing was done. Retry later.");
        }
    }
}
