package io.keywarden.issuance.internal;

import io.keywarden.accesskey.LeaseTooLongException;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.audit.IssuanceHold;
import io.keywarden.identity.ClientSealKeys;
import io.keywarden.issuance.AwaitingOperatorException;
import io.keywarden.issuance.IdempotencyKeyReusedException;
import io.keywarden.issuance.IssueCommand;
import io.keywarden.issuance.Issued;
import io.keywarden.issuance.IssuedKey;
import io.keywarden.issuance.KeyIssuer;
import io.keywarden.issuance.ReconciliationDeferredException;
import io.keywarden.issuance.RequestInProgressException;
import io.keywarden.lease.LeasePolicy;
import io.keywarden.platform.web.StorageUnavailableException;
import io.keywarden.upstream.UpstreamAccessKey;
import io.keywarden.upstream.UpstreamIamClient;
import io.keywarden.upstream.UpstreamOutcome;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionException;

/**
 * The create protocol, for creates and rotations alike: a key is issued without ever being lost.
 * {@link #issue} reads it top to bottom. The command is admitted (its inputs checked, its lease
 * granted); the intent is claimed and committed before the upstream is called ({@link
 * IssuanceClaims}); the upstream is called with no database connection held; and the key, the
 * intent's end and the audit event commit together ({@link GroupCommit}, which alone opens that
 * transaction). A retry of an attempt whose outcome is unknown first settles what that attempt may
 * have left upstream. What it refuses it throws as a {@link io.keywarden.platform.web.Refusal}, which the
 * edge audits for every route alike. See docs/architecture.md#creating-a-key-without-losing-it.
 */
@Service
class IssuanceProtocol implements KeyIssuer {

    private static final Logger log = LoggerFactory.getLogger(IssuanceProtocol.class);

    /** Said in the audit of a replay refused because the stored answer is not this request's. */
    static final String REPLAY_REFUSED = "stored answer not bound to this request: not served";

    private final IssueRequestRules rules;
    private final LeasePolicy leases;
    private final IssuanceClaims claims;
    private final OrphanReconciler reconciler;
    private final UpstreamIamClient upstream;
    private final UpstreamFailures failures;
    private final GroupCommit records;
    private final ClientSealKeys sealKeys;
    private final IssuanceHold hold;
    private final IssuanceProperties properties;

    IssuanceProtocol(
            IssueRequestRules rules,
            LeasePolicy leases,
            IssuanceClaims claims,
            OrphanReconciler reconciler,
            UpstreamIamClient upstream,
            UpstreamFailures failures,
            GroupCommit records,
            ClientSealKeys sealKeys,
            IssuanceHold hold,
            IssuanceProperties properties) {
        this.rules = rules;
        this.leases = leases;
        this.claims = claims;
        this.reconciler = reconciler;
        this.upstream = upstream;
        this.failures = failures;
        this.records = records;
        this.sealKeys = sealKeys;
        this.hold = hold;
        this.properties = properties;
    }

    @Override
    public Issued issue(IssueCommand command) {
        // Before anything: no key is issued on a history the database is known to have lost part of.
        hold.requireNone();
        IssueRequest request = admitted(command);
        Claim claim = claimed(request);
        if (claim.kind() == Claim.Kind.UNSETTLED) {
            settle((Claim.Unsettled) claim, request);
            claim = claimed(request);
        }
        return switch (claim.kind()) {
            case STARTED -> new Issued(created((Claim.Started) claim, request), false);
            case REPLAY -> new Issued(replayed((Claim.Replay) claim, request), true);
            case MISMATCH -> throw new IdempotencyKeyReusedException(request.userName());
            case IN_PROGRESS -> throw new RequestInProgressException(request.userName());
            // Settled once, and unsettled again: another request or instance took the attempt over meanwhile.
            case UNSETTLED -> throw new RequestInProgressException(request.userName());
            case AWAITING_OPERATOR -> {
                Claim.AwaitingOperator awaiting = (Claim.AwaitingOperator) claim;
                throw new AwaitingOperatorException(awaiting.issuanceId(), awaiting.userName());
            }
        };
    }

    @Override
    public boolean hasUnsettledAttempt(String userName) {
        return claims.hasUnsettled(userName);
    }

    @Override
    public Duration clockSkew() {
        return properties.clockSkew();
    }

    /**
     * A create's inputs checked in the order every create endpoint answers them: idempotency key,
     * user name, scope, description, ttl. A rotation's successor takes the user and description of
     * the key it replaces, which the rotation read in the caller's scope, and the lease the rotation
     * granted; its idempotency key, checked there already, is checked again here.
     */
    private IssueRequest admitted(IssueCommand command) {
        String key = command.idempotencyKey().checked();
        if (command.automatic() && sealKeys.sealTo(command.issuedTo()).isEmpty()) {
            // Checked before anything is claimed: such a successor's secret would reach nobody.
            throw new IllegalStateException("client " + command.issuedTo() + " has no seal-to: keywarden does not"
                    + " rotate its keys by itself");
        }
        if (command.rotatedFrom() != null) {
            return new IssueRequest(
                            command.caller(),
                            key,
                            IssuanceKind.ROTATE,
                            command.userName(),
                            command.description(),
                            command.rotatedFrom(),
                            command.ttl(),
                            command.successorLease())
                    .issuedTo(command.issuedTo());
        }
        IssueRequestRules.Checked checked = rules.checked(command);
        Duration lease;
        try {
            lease = leases.grant(command.caller().name(), command.ttl());
        } catch (LeaseTooLongException ex) {
            // Refused once the user is known: the refusal names them, and so does its audit.
            throw ex.concerning(checked.userName());
        }
        return new IssueRequest(
                command.caller(),
                key,
                IssuanceKind.CREATE,
                checked.userName(),
                checked.description(),
                null,
                command.ttl(),
                lease);
    }

    /** Transaction 1: the intent, or why this request may not call the upstream. */
    private Claim claimed(IssueRequest request) {
        return storageCall(() -> claims.begin(request));
    }

    /** Settles an earlier attempt whose outcome is unknown, revoking what it left upstream. */
    private void settle(Claim.Unsettled unsettled, IssueRequest request) {
        try {
            reconciler.reconcile(
                    unsettled, request.caller().name(), request.caller().context());
        } catch (ReconciliationDeferredException ex) {
            auditQuietly(() -> records.attempted(request, AuditOutcome.UPSTREAM_UNAVAILABLE, null, ex.getMessage()));
            throw ex;
        }
    }

    /** The upstream call, with no database connection held, then transaction 2: the record. */
    private IssuedKey created(Claim.Started started, IssueRequest request) {
        UpstreamOutcome<UpstreamAccessKey> outcome = upstream.createAccessKey(request.userName());
        if (!outcome.succeeded()) {
            auditQuietly(() -> records.ended(started.issuanceId(), request, outcome));
            throw failures.answer(request, outcome);
        }
        UpstreamAccessKey key = outcome.value();
        try {
            IssuedKey issued = records.succeeded(started.issuanceId(), request, key, outcome.requestId());
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
            auditQuietly(() -> records.attempted(
                    request, AuditOutcome.NOT_RECORDED, key.accessKeyId(), "created upstream, not recorded"));
            throw new StorageUnavailableException("The key could not be recorded and will be revoked; nothing was"
                    + " delivered. Retry with the same Idempotency-Key.");
        }
    }

    /**
     * The stored answer, or, when it was not stored for this request (a row altered in the
     * database, or a replay key no longer configured), an audited refusal that serves nothing.
     */
    private IssuedKey replayed(Claim.Replay replay, IssueRequest request) {
        try {
            return storageCall(() -> records.replayed(replay.issuanceId(), request, replay.ciphertext()));
        } catch (ReplayCipher.UnreadableReplayException ex) {
            auditQuietly(() -> records.attempted(request, AuditOutcome.FAILED, null, REPLAY_REFUSED));
            throw new IllegalStateException(
                    "The stored answer of issuance " + replay.issuanceId() + " was not served: " + ex.getMessage());
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
