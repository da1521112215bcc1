package io.keywarden.audit.internal;

import io.keywarden.audit.DatabaseBehindException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Signs checkpoints of the audit chain's head and keeps them: in {@code audit_checkpoint} for
 * listing, and in the sinks outside the database, which are what verification trusts. One
 * checkpoint at a time across instances (a transaction-scoped advisory lock), and only when the
 * head moved past the latest checkpoint. The sinks are written before the row commits: a sink that
 * fails rolls the checkpoint back, so the database never lists one the sinks do not hold. A
 * checkpoint rolled back after its file was written has the file removed at once; one whose commit
 * ended in doubt (the connection lost while committing) has it removed at the next checkpoint, once
 * the table says it did not commit. Only files this instance wrote are ever removed.
 *
 * <p>The next checkpoint links to the newest row of {@code audit_checkpoint}, but only once that row
 * is checked against the directory sink, which the database's owners cannot reach: a row changed
 * or deleted there would make keywarden sign a fork of the sink's chain, so it refuses instead. The
 * sink's newest checkpoints are also compared with the events themselves ({@link SignedHistories}):
 * a log behind one of them lost what keywarden signed (a failover), which is recorded as a finding
 * ({@link AuditLosses}) and signs nothing until an operator acknowledges it.
 *
 * <p>Every checkpoint pins the first event of chain version 2: the first checkpoint that pins it
 * reads it from the log (1 on a log born on version 2), and every later one carries it over from
 * its predecessor, so relabelling events afterwards cannot move it.
 */
@Service
public class AuditCheckpoints {

    /** Advisory lock key of checkpointing ("kw-ckpt"). */
    static final long CHECKPOINT_LOCK = 0x6b772d636b7074L;

    private static final Logger log = LoggerFactory.getLogger(AuditCheckpoints.class);

    static final String COLUMNS = "sequence, head_event_id, head_hash, event_count, created_at, key_id,"
            + " previous_hash, first_version2_event_id, hash, signature";

    private final JdbcTemplate jdbc;
    private final AuditSigning signing;
    private final CheckpointSinks sinks;
    private final AuditProperties.Checkpoints settings;
    private final Clock clock;
    private final AuditLosses losses;
    private final Queue<Checkpoint> inDoubt = new ConcurrentLinkedQueue<>();

    AuditCheckpoints(
            JdbcTemplate jdbc,
            AuditSigning signing,
            CheckpointSinks sinks,
            AuditProperties properties,
            Clock clock,
            AuditLosses losses) {
        this.jdbc = jdbc;
        this.losses = losses;
        this.signing = signing;
        this.sinks = sinks;
        this.settings = properties.checkpoint();
        this.clock = clock;
    }

    boolean enabled() {
        return settings.enabled();
    }

    /**
     * Signs a checkpoint of the current head when events were appended since the latest; empty
     * otherwise. The sink's newest checkpoints are compared with the log first, events appended or
     * not: a log behind one of them is recorded as a finding ({@link AuditLosses}) and nothing is
     * signed, since a checkpoint of this head would be a second one for a sequence the sink holds,
     * over another history. Once an operator acknowledged the finding, the next checkpoint continues
     * the sink's chain from the lost branch's tip, over the log's head.
     */
    @Transactional
    public Optional<Checkpoint> checkpoint() {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        SigningKey key = signing.current().orElseThrow();
        jdbc.queryForList("SELECT pg_advisory_xact_lock(?)", CHECKPOINT_LOCK);
        removeUncommitted();
        Optional<Checkpoint> latest = latestStored();
        CheckpointTip tip = sinks.tip(latest, signing.publicKeys());
        LogHeads heads = LogHeads.read(jdbc, tip.checkpoints());
        Optional<AuditLosses.Loss> standing = losses.current();
        SignedHistories histories = heads.compare(tip.checkpoints(), acknowledgedTips(standing));
        if (histories.behind().isPresent()) {
            DatabaseBehind finding = histories.behind().get();
            losses.found(finding);
            throw new DatabaseBehindRefusedException(finding);
        }
        if (standing.isPresent() && !standing.get().acknowledged()) {
            // Found earlier and not acknowledged: it stands even should the log match the sink again.
            throw new DatabaseBehindRefusedException(standing.get().finding());
        }
        if (heads.headId() == 0) {
            return Optional.empty();
        }
        if (standing.isPresent()) {
            return Optional.of(continueAfter(standing.get(), tip, heads, key));
        }
        if (latest.isPresent() && latest.get().headEventId() >= heads.headId()) {
            return Optional.empty();
        }
        requireExtendingTheSink(latest, tip);
        return Optional.of(signed(Checkpoint.sign(
                latest.map(Checkpoint::sequence).orElse(0L) + 1,
                heads.headId(),
                heads.headHash(),
                heads.headId(),
                clock.instant().truncatedTo(ChronoUnit.MICROS),
                key,
                latest.map(Checkpoint::hash).orElse(AuditChain.GENESIS),
                latest.map(Checkpoint::firstVersion2EventId).orElseGet(() -> firstVersion2Event(heads.headId())))));
    }

    private static Set<String> acknowledgedTips(Optional<AuditLosses.Loss> standing) {
        return standing.filter(AuditLosses.Loss::acknowledged)
                .map(loss -> Set.of(loss.finding().checkpointHash()))
                .orElse(Set.of());
    }

    /**
     * The checkpoint after an acknowledged loss: the next sequence after the lost branch's tip,
     * linked to it by hash, over the log's head, whose history holds the acknowledgement. The sink
     * must still end at that tip: anything signed past it was not acknowledged.
     */
    private Checkpoint continueAfter(AuditLosses.Loss loss, CheckpointTip tip, LogHeads heads, SigningKey key) {
        DatabaseBehind finding = loss.finding();
        Optional<Checkpoint> lostTip = tip.checkpoints().stream()
                .filter(file -> file.hash().equals(finding.checkpointHash()))
                .findFirst();
        long newest =
                tip.checkpoints().stream().mapToLong(Checkpoint::sequence).max().orElse(0);
        if (lostTip.isEmpty() || newest > finding.checkpointSequence()) {
            String problem = "the checkpoint sink no longer ends at checkpoint " + finding.checkpointSequence()
                    + ", whose loss was acknowledged";
            refused(problem);
            throw new ForkRefusedException(problem);
        }
        Checkpoint continuation = signed(Checkpoint.sign(
                finding.checkpointSequence() + 1,
                heads.headId(),
                heads.headHash(),
                heads.headId(),
                clock.instant().truncatedTo(ChronoUnit.MICROS),
                key,
                lostTip.get().hash(),
                lostTip.get().pinned() ? lostTip.get().firstVersion2EventId() : firstVersion2Event(heads.headId())));
        losses.continued(loss, continuation.sequence());
        return continuation;
    }

    /** Stores the checkpoint and writes it to the sinks, removing its file again should the row roll back. */
    private Checkpoint signed(Checkpoint checkpoint) {
        jdbc.update(
                "INSERT INTO audit_checkpoint (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                checkpoint.sequence(),
                checkpoint.headEventId(),
                checkpoint.headHash(),
                checkpoint.eventCount(),
                Timestamp.from(checkpoint.createdAt()),
                checkpoint.keyId(),
                checkpoint.previousHash(),
                checkpoint.firstVersion2EventId(),
                checkpoint.hash(),
                checkpoint.signature());
        sinks.write(checkpoint);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status == STATUS_ROLLED_BACK) {
                    sinks.discard(checkpoint);
                } else if (status == STATUS_UNKNOWN) {
                    inDoubt.add(checkpoint);
                }
            }
        });
        return checkpoint;
    }

    private static void refused(String problem) {
        log.error("Audit checkpoint refused, it would fork the checkpoint sink's chain: {}", problem);
    }

    /**
     * The first event of chain version 2, read from the log for the first checkpoint that pins
     * it. keywarden appends only version 2 events, so on a log whose events are all of version 1
     * (an upgrade before its first new event) it is the next event.
     */
    private long firstVersion2Event(long headId) {
        Long first = jdbc.queryForObject(
                "SELECT min(id) FROM audit_event WHERE chain_version = ?", Long.class, AuditChain.SHA256);
        return first == null ? headId + 1 : first;
    }

    /**
     * Refuses to sign when the checkpoint would not extend the directory sink's chain: when the
     * database's newest checkpoint is not the sink's ({@link CheckpointTip}), or the sink holds a
     * checkpoint past it (written, not committed) whose head the events no longer carry. Either
     * means the tables were changed by someone who can write the database, and a checkpoint
     * linked to them would fork the chain. The sink stays as it is; verification reports the same.
     */
    private void requireExtendingTheSink(Optional<Checkpoint> latest, CheckpointTip tip) {
        String problem = tip.forkProblem();
        long sequence = latest.map(Checkpoint::sequence).orElse(0L);
        List<Checkpoint> written = problem == null ? tip.after(sequence) : List.of();
        for (Checkpoint uncommitted : written) {
            List<String> head = jdbc.queryForList(
                    "SELECT hash FROM audit_event WHERE id = ?", String.class, uncommitted.headEventId());
            if (problem == null && !head.equals(List.of(uncommitted.headHash()))) {
                problem = "checkpoint " + uncommitted.sequence() + " in the checkpoint sink records event "
                        + uncommitted.headEventId() + ", which the log "
                        + (head.isEmpty() ? "no longer holds" : "holds changed") + ": the events after checkpoint "
                        + sequence + " were changed in the database";
            }
        }
        if (problem != null) {
            refused(problem);
            throw new ForkRefusedException(problem);
        }
    }

    /** Removes the files of checkpoints whose commit ended in doubt and which the table does not hold. */
    private void removeUncommitted() {
        for (Checkpoint doubtful = inDoubt.poll(); doubtful != null; doubtful = inDoubt.poll()) {
            Boolean committed = jdbc.queryForObject(
                    "SELECT EXISTS (SELECT 1 FROM audit_checkpoint WHERE sequence = ? AND hash = ?)",
                    Boolean.class,
                    doubtful.sequence(),
                    doubtful.hash());
            if (!Boolean.TRUE.equals(committed)) {
                sinks.discard(doubtful);
            }
        }
    }

    /** The latest checkpoint stored in the database. */
    Optional<Checkpoint> latestStored() {
        return jdbc
                .query("SELECT " + COLUMNS + " FROM audit_checkpoint ORDER BY sequence DESC LIMIT 1", this::row)
                .stream()
                .findFirst();
    }

    /** Stored checkpoints, newest first, up to {@code limit}. */
    @Transactional(readOnly = true)
    List<Checkpoint> newest(int limit) {
        return jdbc.query(
                "SELECT " + COLUMNS + " FROM audit_checkpoint ORDER BY sequence DESC LIMIT ?", this::row, limit);
    }

    private Checkpoint row(ResultSet rs, int n) throws SQLException {
        Instant createdAt = rs.getTimestamp(5).toInstant();
        return new Checkpoint(
                rs.getLong(1),
                rs.getLong(2),
                rs.getString(3),
                rs.getLong(4),
                createdAt,
                rs.getString(6),
                rs.getString(7),
                rs.getObject(8, Long.class),
                rs.getString(9),
                rs.getString(10));
    }

    /** The log is behind a checkpoint the sink holds: nothing was signed over it. */
    static final class DatabaseBehindRefusedException extends RuntimeException {
        DatabaseBehindRefusedException(DatabaseBehind finding) {
            super("checkpoint not signed: " + finding.message() + "; acknowledge it at "
                    + DatabaseBehindException.ACKNOWLEDGEMENT_ROUTE);
        }
    }

    /** The database's checkpoints contradict the sink: the checkpoint was not signed. */
    static final class ForkRefusedException extends RuntimeException {
        ForkRefusedException(String problem) {
            super("checkpoint not signed, it would fork the checkpoint sink's chain: " + problem);
        }
    }
}
