package io.keywarden.issuance.internal;

import io.keywarden.accesskey.AccessKeyStatus;
import io.keywarden.accesskey.KeyLifecycle;
import io.keywarden.accesskey.NewAccessKey;
import io.keywarden.accesskey.UpstreamAudit;
import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditEntry;
import io.keywarden.audit.AuditLog;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.events.KeyEvent;
import io.keywarden.issuance.IssuedKey;
import io.keywarden.issuance.SealedSecret;
import io.keywarden.lease.LeasePolicy;
import io.keywarden.platform.jdbc.DeferredWrites;
import io.keywarden.upstream.UpstreamAccessKey;
import io.keywarden.upstream.UpstreamOutcome;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The writes of the create protocol's second transaction, and of its failure twins: each records
 * an attempt's end (on its {@code issuance} row, which the claim began: {@link IssuanceClaims}),
 * its audit event and (on success) the key row, the encrypted replay copy of the answer and the
 * key's {@code key.issued} or {@code key.rotated} event. For a client with {@code seal-to} the
 * answer is sealed ({@link SecretSealing}) before it is stored, so its clear secret is not stored
 * even encrypted. It opens no transaction of its own: {@link GroupCommit} opens the one they
 * commit in, retries it and shares it with other records. An automatic rotation's successor
 * (made by keywarden for the client of its predecessor) is the client's key: its sealed secret is
 * kept for that client to fetch ({@link PendingSealedSecrets}) and carried in its {@code
 * key.rotated}, both in this same transaction.
 */
@Component
class IssuanceRecorder {

    static final int CREATED = 201;

    /** Said in the audit of every attempt sent without an idempotency key (allowed on the compat API). */
    static final String NOT_REPLAYABLE = "no Idempotency-Key: not replayable";

    private final KeyLifecycle accessKeys;
    private final DeferredWrites writes;
    private final AuditLog audit;
    private final ReplayCipher cipher;
    private final SecretSealing sealing;
    private final PendingSealedSecrets pending;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Duration retention;

    IssuanceRecorder(
            KeyLifecycle accessKeys,
            DeferredWrites writes,
            AuditLog audit,
            ReplayCipher cipher,
            SecretSealing sealing,
            PendingSealedSecrets pending,
            JsonMapper json,
            ApplicationEventPublisher events,
            Clock clock,
            IssuanceProperties properties) {
        this.accessKeys = accessKeys;
        this.writes = writes;
        this.audit = audit;
        this.cipher = cipher;
        this.sealing = sealing;
        this.pending = pending;
        this.json = json;
        this.events = events;
        this.clock = clock;
        this.retention = properties.retention();
    }

    IssuedKey succeeded(UUID issuanceId, IssueRequest request, UpstreamAccessKey key, String upstreamRequestId) {
        Instant expiresAt = earlier(key.expiresAt(), LeasePolicy.expiry(key.createdAt(), request.lease()));
        IssuedKey answer = sealing.deliveredTo(
                request.issuedTo(),
                new IssuedKey(
                        key.accessKeyId(),
                        key.secret(),
                        null,
                        request.userName(),
                        key.userId(),
                        request.description(),
                        AccessKeyStatus.ACTIVE,
                        key.createdAt(),
                        expiresAt,
                        request.rotatedFrom()));
        accessKeys.record(new NewAccessKey(
                key.accessKeyId(),
                request.userName(),
                key.userId(),
                request.description(),
                sha256(key.secret()),
                request.issuedTo(),
                issuanceId,
                request.rotatedFrom(),
                key.createdAt(),
                key.updatedAt(),
                expiresAt,
                request.lease()));
        if (request.rotatedFrom() != null) {
            accessKeys.supersede(request.caller(), request.rotatedFrom(), key.accessKeyId());
        }
        byte[] sealed = cipher.encrypt(ReplayCipher.Binding.of(issuanceId, request), json.writeValueAsBytes(answer));
        // The intent's end, batched with the other records of a group commit. An intent no longer in
        // flight (the reconciler took it over) fails the record, at once or when the batch is sent.
        writes.update(
                "UPDATE issuance SET state = ?, settled_at = now(), lease_until = now(),"
                        + " access_key_id = ?, response_status = ?, response_ciphertext = ?,"
                        + " expires_at = now() + ?::interval WHERE id = ? AND state = ?",
                () -> new LeaseLostException(issuanceId),
                IssuanceState.SUCCEEDED.name(),
                key.accessKeyId(),
                CREATED,
                sealed,
                interval(retention),
                issuanceId,
                IssuanceState.IN_FLIGHT.name());
        AuditEntry succeeded =
                entry(request, AuditOutcome.SUCCEEDED).key(key.accessKeyId()).upstream(0, upstreamRequestId);
        KeyEvent.Sealed sealedForEvent = null;
        if (request.automatic()) {
            SealedSecret sealedSecret = answer.sealedSecret();
            if (sealedSecret == null) {
                // The protocol admits an automatic rotation only for a client with seal-to.
                throw new IllegalStateException("an automatic rotation's secret was not sealed");
            }
            pending.keep(request, answer, sealedSecret);
            sealedForEvent = new KeyEvent.Sealed(
                    sealedSecret.suite(), sealedSecret.enc(), sealedSecret.ciphertext(), sealedSecret.info());
            succeeded = succeeded.detail("automatic rotation for client " + request.issuedTo()
                    + ": secret sealed to its seal-to, kept for it to fetch until acknowledged");
        }
        audit.append(succeeded);
        events.publishEvent(event(answer, request.issuedTo(), sealedForEvent));
        return answer;
    }

    /**
     * The new key's event: {@code key.rotated} when it replaces a key. It holds no secret, except
     * an automatic rotation's, sealed to the client it was made for.
     */
    private KeyEvent event(IssuedKey answer, String client, KeyEvent.Sealed sealedSecret) {
        return new KeyEvent(
                answer.rotatedFrom() == null ? KeyEvent.Type.ISSUED : KeyEvent.Type.ROTATED,
                clock.instant(),
                new KeyEvent.Key(
                        answer.accessKeyId(),
                        answer.userName(),
                        client,
                        answer.status().name(),
                        answer.expiresAt(),
                        answer.rotatedFrom(),
                        sealedSecret));
    }

    /** The secret's SHA-256, which the key's row keeps instead of the secret. */
    private static String sha256(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The upstream's own expiry where it has one, keywarden's lease where it grants one: whichever comes first. */
    private static Instant earlier(Instant upstream, Instant lease) {
        if (upstream == null || lease == null) {
            return upstream == null ? lease : upstream;
        }
        return upstream.isBefore(lease) ? upstream : lease;
    }

    /**
     * Settles an attempt the upstream did not carry out: {@code FAILED} when it surely did not
     * act, {@code OUTCOME_UNKNOWN} (to be reconciled) when it may have.
     */
    void ended(UUID issuanceId, IssueRequest request, UpstreamOutcome<?> outcome) {
        boolean unknown = outcome.kind() == UpstreamOutcome.Kind.OUTCOME_UNKNOWN;
        IssuanceState state = unknown ? IssuanceState.OUTCOME_UNKNOWN : IssuanceState.FAILED;
        // An unknown outcome stays open for the reconciler, with its window ending now.
        writes.update(
                "UPDATE issuance SET state = ?, lease_until = now(), settled_at = CASE WHEN ? THEN NULL ELSE now() END,"
                        + " window_ends_at = CASE WHEN ? THEN now() ELSE window_ends_at END,"
                        + " expires_at = CASE WHEN ? THEN NULL ELSE now() + ?::interval END"
                        + " WHERE id = ? AND state IN (?, ?)",
                state.name(),
                unknown,
                unknown,
                unknown,
                interval(retention),
                issuanceId,
                IssuanceState.IN_FLIGHT.name(),
                IssuanceState.OUTCOME_UNKNOWN.name());
        audit.append(UpstreamAudit.of(entry(request, AuditOutcome.FAILED), outcome)
                .detail(detail(request, outcome.reason())));
    }

    /**
     * Serves a stored answer again, only if it was stored for this very request: its client,
     * idempotency key, fingerprint and user are the associated data it was sealed with, and the
     * answer it holds is for the request's user.
     */
    IssuedKey replayed(UUID issuanceId, IssueRequest request, byte[] ciphertext) {
        IssuedKey answer = json.readValue(
                cipher.decrypt(ReplayCipher.Binding.of(issuanceId, request), ciphertext), IssuedKey.class);
        if (!request.userName().equals(answer.userName())) {
            throw new ReplayCipher.UnreadableReplayException("a stored response is for another user");
        }
        audit.append(entry(request, AuditOutcome.REPLAYED).key(answer.accessKeyId()));
        return sealing.delivered(request.caller(), answer);
    }

    void attempted(IssueRequest request, AuditOutcome outcome, String accessKeyId, String detail) {
        AuditEntry entry = entry(request, outcome).detail(detail(request, detail));
        audit.append(accessKeyId == null ? entry : entry.key(accessKeyId));
    }

    /** The audited action of a request: creating a key, or rotating one. */
    static AuditAction action(IssueRequest request) {
        return request.kind() == IssuanceKind.ROTATE ? AuditAction.ROTATE_ACCESS_KEY : AuditAction.CREATE_ACCESS_KEY;
    }

    /** The event of a request: a rotation's names the key being rotated until it names its successor. */
    static AuditEntry entry(IssueRequest request, AuditOutcome outcome) {
        return AuditEntry.of(request.caller(), action(request), outcome)
                .user(request.userName())
                .key(request.rotatedFrom())
                .idempotencyKey(request.idempotencyKey())
                .detail(detail(request, null));
    }

    private static String interval(Duration duration) {
        return duration.toMillis() + " milliseconds";
    }

    private static String detail(IssueRequest request, String detail) {
        if (request.idempotencyKey() != null) {
            return detail;
        }
        return detail == null ? NOT_REPLAYABLE : NOT_REPLAYABLE + "; " + detail;
    }

    /** The attempt's lease ran out and the reconciler took it over before the key was recorded. */
    static final class LeaseLostException extends RuntimeException {
        LeaseLostException(UUID issuanceId) {
            super("issuance " + issuanceId + " was taken over before it could be recorded", null, false, false);
        }
    }
}
