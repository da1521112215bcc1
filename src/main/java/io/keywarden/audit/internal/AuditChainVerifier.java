package io.keywarden.audit.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Walks the whole {@code audit_event} table in id order and checks every event with a
 * {@link ChainWalk}, anchored to the latest signed checkpoint in the sink outside the database:
 * a chain that is whole but shorter than that checkpoint, or differs at its head, lost events, and
 * an event whose chain version contradicts where the checkpoint pins version 2 was relabelled. The
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

    @Autowired
    AuditChainVerifier(
            JdbcTemplate jdbc,
            AuditChain chain,
            AuditSigning signing,
            CheckpointSinks sinks,
            AuditCheckpoints checkpoints) {
        this(jdbc, chain, () -> trustedLatest(signing, sinks, checkpoints));
    }

    AuditChainVerifier(JdbcTemplate jdbc, AuditChain chain, Anchor anchor) {
        this.jdbc = jdbc;
        this.chain = chain;
        this.anchor = anchor;
    }

    AuditChainVerifier(JdbcTemplate jdbc, AuditChain chain) {
        this(jdbc, chain, Optional::empty);
    }

    @Transactional(readOnly = true)
    AuditVerification verify() {
        ChainWalk walk = new ChainWalk(chain.hasher());
        String anchorProblem = null;
        try {
            anchor.latest().ifPresent(latest -> walk.anchoredTo(latest).pinnedBy(latest));
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
        return anchorProblem == null ? result : result.withAnchorProblem(anchorProblem);
    }

    /**
     * The sink's latest checkpoint, once it verifies with a known key and the sink holds at least
     * what the database lists (a sink that lost checkpoints cannot vouch for the chain).
     */
    private static Optional<Checkpoint> trustedLatest(
            AuditSigning signing, CheckpointSinks sinks, AuditCheckpoints checkpoints) {
        Optional<Checkpoint> latest = sinks.latest();
        if (latest.isPresent()) {
            String problem = latest.get().problem(signing.publicKeys());
            if (problem != null) {
                throw sinks.problem(problem);
            }
        }
        long inSink = latest.map(Checkpoint::sequence).orElse(0L);
        Optional<Checkpoint> stored = checkpoints.latestStored();
        if (checkpoints.enabled() && stored.isPresent() && stored.get().sequence() > inSink) {
            throw sinks.problem("the checkpoint sink's latest is " + inSink + ", but the database lists checkpoint "
                    + stored.get().sequence());
        }
        return latest;
    }

    /** Where the latest trusted checkpoint comes from: the sink, or nowhere. */
    @FunctionalInterface
    interface Anchor {
        Optional<Checkpoint> latest();
    }
}
