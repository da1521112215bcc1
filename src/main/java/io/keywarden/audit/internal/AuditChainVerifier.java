package io.keywarden.audit.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Walks the whole {@code audit_event} table in id order and checks every event with a
 * {@link ChainWalk}, compared with the newest signed checkpoints in the sink outside the database
 * (every file from the database's newest checkpoint on, leftovers sharing a sequence included): a
 * chain that is whole but shorter than one of them, or differs at its head, lost events, and an
 * event whose chain version contradicts where they pin version 2 was relabelled. The database's
 * newest checkpoint must be the sink's ({@link CheckpointTip}): when the table was changed so that
 * the next checkpoint would fork the sink's chain, the log is not intact either, and the reason
 * names the checkpoint. The walk keeps the hashes it verified at the checkpoints' heads: a whole
 * chain that lacks a signed head, or holds it with another hash, is not tampering but a finding of
 * its own ({@link DatabaseBehind}), the log being behind what keywarden signed; a chain broken in
 * itself is tampering, reported as such. The
 * rows stream through one statement with a fetch size inside a read-only transaction, so the
 * PostgreSQL driver reads them through a cursor in batches (constant memory) and the walk sees one
 * consistent snapshot however many events are appended meanwhile.
 *
 * <p>The SQL names the table unqualified, so it checks whichever {@code audit_event} the
 * connection's {@code search_path} finds: the application's own in production. Tests that break
 * a chain on purpose build this class on a data source whose schema holds a copy of the table,
 * because the shared log must stay intact for every other test.
 */
@Service
class AuditChainVerifier {

    static final int FETCH_SIZE = 5000;

    private static final String WALK = AuditEventRows.SELECT + " FROM audit_event ORDER BY id";

    private final JdbcTemplate jdbc;
    private final AuditChain chain;
    private final Anchor anchor;
    private final Supplier<Set<String>> acknowledged;
    private final Consumer<DatabaseBehind> found;

    @Autowired
    AuditChainVerifier(
            JdbcTemplate jdbc,
            AuditChain chain,
            AuditSigning signing,
            CheckpointSinks sinks,
            AuditCheckpoints checkpoints,
            AuditLosses losses) {
        this(
                jdbc,
                chain,
                () -> sinks.tip(checkpoints.latestStored(), signing.publicKeys()),
                () -> losses.standing()
                        .filter(AuditLosses.Loss::acknowledged)
                        .map(loss -> Set.of(loss.finding().checkpointHash()))
                        .orElse(Set.of()),
                losses::found);
    }

    AuditChainVerifier(JdbcTemplate jdbc, AuditChain chain, Anchor anchor) {
        this(jdbc, chain, anchor, Set::of, finding -> {});
    }

    AuditChainVerifier(
            JdbcTemplate jdbc,
            AuditChain chain,
            Anchor anchor,
            Supplier<Set<String>> acknowledged,
            Consumer<DatabaseBehind> found) {
        this.jdbc = jdbc;
        this.chain = chain;
        this.anchor = anchor;
        this.acknowledged = acknowledged;
        this.found = found;
    }

    AuditChainVerifier(JdbcTemplate jdbc, AuditChain chain) {
        this(jdbc, chain, CheckpointTip::none);
    }

    @Transactional(readOnly = true)
    AuditVerification verify() {
        ChainWalk walk = new ChainWalk(chain.hasher());
        String anchorProblem = null;
        CheckpointTip tip = null;
        Set<String> acknowledgedTips = Set.of();
        try {
            tip = anchor.tip();
            walk.watching(
                    tip.checkpoints().stream().map(Checkpoint::headEventId).collect(Collectors.toSet()));
            tip.newestPinned().ifPresent(walk::pinnedBy);
            acknowledgedTips = acknowledged.get();
        } catch (RuntimeException ex) {
            anchorProblem = ex.getMessage();
        }
        AuditVerification result = jdbc.query(
                connection -> {
                    PreparedStatement statement =
                            connection.prepareStatement(WALK, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
                    statement.setFetchSize(FETCH_SIZE);
                    return statement;
                },
                rows -> {
                    while (rows.next() && walk.accept(AuditEventRows.read(rows))) {
                        // the walk keeps what it needs
                    }
                    return walk.result();
                });
        if (tip == null) {
            return result.withAnchorProblem(anchorProblem);
        }
        return compared(result, walk, tip, acknowledgedTips);
    }

    /**
     * The walk's result compared with the sink's checkpoints, by the hashes the walk saw at their
     * heads: a chain that is whole but lacks a signed head, or holds it with another hash, is behind
     * ({@link DatabaseBehind}); a broken chain is tampering whatever else, and its hashes past the
     * break say nothing of the checkpoints.
     */
    private AuditVerification compared(
            AuditVerification result, ChainWalk walk, CheckpointTip tip, Set<String> acknowledgedTips) {
        SignedHistories histories = SignedHistories.compare(
                tip.checkpoints(), walk.observed(), walk.lastId(), result.headHash(), acknowledgedTips);
        OptionalLong newest =
                histories.kept().stream().mapToLong(Checkpoint::sequence).max();
        AuditVerification compared = newest.isPresent() ? result.anchoredAt(newest.getAsLong()) : result;
        DatabaseBehind behind = result.intact() ? histories.behind().orElse(null) : null;
        if (behind != null) {
            found.accept(behind);
            compared = compared.behind(behind);
        }
        // The sink past the database's checkpoints is the loss itself, found or acknowledged, not a fork of the table.
        if (behind == null && histories.lost().isEmpty() && tip.forkProblem() != null) {
            return compared.forked(tip.forkProblem());
        }
        return compared;
    }

    /** Where the trusted checkpoints come from: the sink compared with the database, or nowhere. */
    @FunctionalInterface
    interface Anchor {
        CheckpointTip tip();
    }
}
