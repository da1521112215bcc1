package io.keywarden.audit.internal;

import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditLog;
import io.keywarden.audit.AuditOutcome;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Appends many correctly chained events to the shared audit log in one transaction, the way
 * {@link AuditLog} would one by one but with batched inserts: it holds the chain's advisory lock,
 * numbers after the head and hashes each event with the application's {@link AuditChain}. Each
 * seed has its own actors and users (named after its tag) and its own time window, one event per
 * second from {@code base}, so tests can tell its events from everyone else's.
 */
final class AuditSeed {

    private static final AtomicInteger SEEDS = new AtomicInteger();
    private static final AuditOutcome[] OUTCOMES = {
        AuditOutcome.SUCCEEDED, AuditOutcome.REJECTED, AuditOutcome.DENIED, AuditOutcome.OUTCOME_UNKNOWN
    };
    private static final String INSERT = "INSERT INTO audit_event (" + AuditEventRows.COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    final String tag;
    final Instant base;
    final List<StoredAuditEvent> events;

    private AuditSeed(String tag, Instant base, List<StoredAuditEvent> events) {
        this.tag = tag;
        this.base = base;
        this.events = events;
    }

    static AuditSeed append(JdbcTemplate jdbc, TransactionTemplate transactions, AuditChain chain, int count) {
        int seed = SEEDS.incrementAndGet();
        String tag = "s" + seed + Long.toString(System.nanoTime() % 1_000_000, 36);
        Instant base = Instant.parse("2001-01-01T00:00:00Z").plus(Duration.ofDays(30L * seed));
        List<StoredAuditEvent> events = transactions.execute(tx -> {
            jdbc.queryForList("SELECT pg_advisory_xact_lock(?)", AuditLog.CHAIN_LOCK);
            List<StoredAuditEvent> head = jdbc.query(
                    AuditEventRows.SELECT + " FROM audit_event ORDER BY id DESC LIMIT 1",
                    (rs, n) -> AuditEventRows.read(rs));
            long id = head.isEmpty() ? 0 : head.get(0).id();
            String previous = head.isEmpty() ? AuditChain.GENESIS : head.get(0).hash();
            AuditChain.Hasher hasher = chain.hasher();
            List<StoredAuditEvent> made = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                StoredAuditEvent event = event(++id, i, tag, base, previous);
                event = event.withHash(hasher.hash(previous, event));
                previous = event.hash();
                made.add(event);
            }
            for (int from = 0; from < count; from += 1000) {
                jdbc.batchUpdate(INSERT, made.subList(from, Math.min(count, from + 1000)), 1000, (ps, e) -> {
                    Object[] values = {
                        e.id(),
                        Timestamp.from(e.occurredAt()),
                        e.actor(),
                        e.action(),
                        e.outcome(),
                        e.userName(),
                        e.accessKeyId(),
                        e.upstreamRetCode(),
                        e.upstreamRequestId(),
                        e.idempotencyKey(),
                        e.requestId(),
                        e.clientAddress(),
                        e.detail(),
                        e.tokenSubject(),
                        e.tokenId(),
                        e.previousHash(),
                        e.hash(),
                        e.chainVersion(),
                        e.keyId()
                    };
                    for (int c = 0; c < values.length; c++) {
                        ps.setObject(c + 1, values[c]);
                    }
                });
            }
            return made;
        });
        return new AuditSeed(tag, base, events);
    }

    String actor(int n) {
        return "seed-" + tag + "-actor-" + n;
    }

    String userName(int n) {
        return "seed-" + tag + "-user-" + n;
    }

    Instant at(int index) {
        return base.plusSeconds(index);
    }

    private static StoredAuditEvent event(long id, int i, String tag, Instant base, String previous) {
        AuditAction action = AuditAction.values()[i % AuditAction.values().length];
        boolean upstream = i % 2 == 0;
        return new StoredAuditEvent(
                id,
                base.plusSeconds(i),
                "seed-" + tag + "-actor-" + (i % 5),
                action.name(),
                OUTCOMES[i % OUTCOMES.length].name(),
                i % 7 == 6 ? null : "seed-" + tag + "-user-" + (i % 7),
                "AK" + tag + i,
                upstream ? i % 300 : null,
                upstream ? "upstream-" + i : null,
                i % 3 == 0 ? "idem-" + i : null,
                "req-" + tag + "-" + i,
                "10.0." + (i % 250) + ".7",
                i % 11 == 0 ? "seeded event " + i + " · naïve" : "seeded event " + i,
                i % 13 == 12 ? "system:serviceaccount:seed:" + tag : null,
                i % 13 == 12 ? "jti-" + tag + "-" + i : null,
                previous,
                null,
                AuditChain.SHA256,
                "seed-key");
    }
}
