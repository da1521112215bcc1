package io.keywarden.audit;

import io.keywarden.audit.internal.AuditChain;
import io.keywarden.audit.internal.AuditMetrics;
import io.keywarden.audit.internal.AuditSigning;
import io.keywarden.audit.internal.IdempotencyKeyDigest;
import io.keywarden.audit.internal.StoredAuditEvent;
import io.keywarden.platform.jdbc.DeferredWrites;
import io.keywarden.platform.web.RequestContext;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Appends to the tamper-evident audit log inside the caller's transaction, so an event commits
 * with the change it describes or not at all. Appends are serialised by a transaction-scoped
 * advisory lock: each reads the chain's head, numbers itself after it and chains to its hash, and
 * several keywarden instances on one database still build one unbroken chain, hashed with plain
 * SHA-256 and naming the key whose signed checkpoints protect it. An event keeps
 * the keyed hash of its idempotency key, never the key itself. The request id, client address,
 * subject and {@code jti} of the caller's identity-provider token, and the display name of a
 * person signed in through it (added to the detail), are the entry's own context: an append reads
 * nothing from the thread it runs on, so an entry committed by another thread (group commit) says
 * the same. See docs/architecture.md#the-audit-log.
 */
@Component
public class AuditLog {

    /** Advisory lock key of the chain's head ("kw-audit"). */
    public static final long CHAIN_LOCK = 0x6b772d6175646974L;

    private static final int MAX_TEXT = 500;

    private final JdbcTemplate jdbc;
    private final DeferredWrites writes;
    private final AuditChain chain;
    private final Clock clock;
    private final AuditMetrics metrics;
    private final IdempotencyKeyDigest idempotencyKeys;
    private final AuditSigning signing;

    AuditLog(
            JdbcTemplate jdbc,
            DeferredWrites writes,
            AuditChain chain,
            Clock clock,
            AuditMetrics metrics,
            IdempotencyKeyDigest idempotencyKeys,
            AuditSigning signing) {
        this.jdbc = jdbc;
        this.writes = writes;
        this.chain = chain;
        this.clock = clock;
        this.metrics = metrics;
        this.idempotencyKeys = idempotencyKeys;
        this.signing = signing;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public StoredAuditEvent append(AuditEntry entry) {
        long started = System.nanoTime();
        HeadHolder holder = lockedHead();
        Head head = holder.head;
        StoredAuditEvent unchained = stored(head.id() + 1, entry, head.hash());
        StoredAuditEvent event = unchained.withHash(chain.hash(head.hash(), unchained));
        writes.update(
                "INSERT INTO audit_event (id, occurred_at, actor, action, outcome, user_name, access_key_id,"
                        + " upstream_ret_code, upstream_request_id, idempotency_key, request_id, client_address,"
                        + " detail, token_subject, token_id, previous_hash, hash, chain_version, key_id)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                event.id(),
                Timestamp.from(event.occurredAt()),
                event.actor(),
                event.action(),
                event.outcome(),
                event.userName(),
                event.accessKeyId(),
                event.upstreamRetCode(),
                event.upstreamRequestId(),
                event.idempotencyKey(),
                event.requestId(),
                event.clientAddress(),
                event.detail(),
                event.tokenSubject(),
                event.tokenId(),
                event.previousHash(),
                event.hash(),
                event.chainVersion(),
                event.keyId());
        holder.head = new Head(event.id(), event.hash());
        metrics.appended(entry, System.nanoTime() - started);
        return event;
    }

    /** Whether an event with this outcome was ever recorded for the key (so a report is made once). */
    public boolean recorded(String accessKeyId, AuditOutcome outcome) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM audit_event WHERE access_key_id = ? AND outcome = ?)",
                Boolean.class,
                accessKeyId,
                outcome.name()));
    }

    /**
     * The chain's head, under the chain lock. The lock is held until the transaction ends, so
     * once this transaction has read the head nobody else can move it: later appends in the same
     * transaction (several records committed together) reuse it instead of asking again.
     */
    private HeadHolder lockedHead() {
        HeadHolder held = (HeadHolder) TransactionSynchronizationManager.getResource(this);
        if (held != null) {
            return held;
        }
        jdbc.queryForList("SELECT pg_advisory_xact_lock(?)", CHAIN_LOCK);
        List<Head> heads = jdbc.query(
                "SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1",
                (rs, n) -> new Head(rs.getLong(1), rs.getString(2)));
        HeadHolder holder = new HeadHolder(heads.isEmpty() ? new Head(0, AuditChain.GENESIS) : heads.get(0));
        TransactionSynchronizationManager.bindResource(this, holder);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(AuditLog.this);
            }
        });
        return holder;
    }

    private static final class HeadHolder {
        private Head head;

        HeadHolder(Head head) {
            this.head = head;
        }
    }

    private StoredAuditEvent stored(long id, AuditEntry entry, String previousHash) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        RequestContext context = entry.context();
        return new StoredAuditEvent(
                id,
                now,
                clip(entry.actor(), 100),
                entry.action().name(),
                entry.outcome().name(),
                clip(entry.userName(), 64),
                clip(entry.accessKeyId(), 128),
                entry.upstreamRetCode(),
                clip(entry.upstreamRequestId(), 128),
                idempotencyKeys.digest(entry.idempotencyKey()),
                clip(context.requestId(), 128),
                clip(context.clientAddress(), 64),
                detail(entry.detail(), context.displayName()),
                clip(context.tokenSubject(), 255),
                clip(context.tokenId(), 255),
                previousHash,
                null,
                AuditChain.SHA256,
                signing.currentKeyId());
    }

    /**
     * The entry's detail and, for a person signed in through the identity provider, the name
     * people know them by, kept whatever the length of the detail (the actor is their subject).
     */
    private static String detail(String detail, String person) {
        if (person == null) {
            return clip(detail, MAX_TEXT);
        }
        String signedIn = clip("signed in as " + person, MAX_TEXT / 2);
        return detail == null ? signedIn : clip(detail, MAX_TEXT - signedIn.length() - 2) + "; " + signedIn;
    }

    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    private record Head(long id, String hash) {}
}
