package io.keywarden.platform.jdbc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes that may wait until the end of their transaction's work, so that many of the same kind
 * travel together. Outside {@link #collecting} a write runs at once, exactly like {@link
 * JdbcTemplate#update}. Inside it, writes are queued and, when the work is done, sent as one JDBC
 * batch per statement text: the texts in the order first used, each batch's rows in the order
 * written. That order is safe for writes to tables that do not refer to each other, which is how
 * it is used: the records of keys committed together (key row, intent, audit event). A write may
 * require that it change exactly one row; when it does not, the exception it names is thrown when
 * the batch is sent, still inside the transaction, which then rolls back as a whole.
 */
@Component
public class DeferredWrites {

    private final JdbcTemplate jdbc;

    public DeferredWrites(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Runs {@code work} inside the current transaction with its writes collected, then sends them.
     * Statements that read (a lock, a query) still run at once, in the order called.
     */
    public <T> T collecting(Supplier<T> work) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("writes can only be collected inside a transaction");
        }
        if (TransactionSynchronizationManager.hasResource(this)) {
            return work.get();
        }
        Batches batches = new Batches();
        TransactionSynchronizationManager.bindResource(this, batches);
        try {
            T result = work.get();
            batches.send(jdbc);
            return result;
        } finally {
            TransactionSynchronizationManager.unbindResourceIfPossible(this);
        }
    }

    /** Runs the statement now, or queues it while writes are collected. */
    public void update(String sql, Object... args) {
        update(sql, null, args);
    }

    /**
     * Like {@link #update(String, Object...)}, for a statement that must change exactly one row:
     * otherwise {@code unlessOneRow}'s exception is thrown, at once or when the batch is sent.
     */
    public void update(String sql, Supplier<? extends RuntimeException> unlessOneRow, Object... args) {
        Batches batches = (Batches) TransactionSynchronizationManager.getResource(this);
        if (batches != null) {
            batches.add(sql, args, unlessOneRow);
            return;
        }
        int changed = jdbc.update(sql, args);
        if (unlessOneRow != null && changed != 1) {
            throw unlessOneRow.get();
        }
    }

    private static final class Batches {
        private final Map<String, List<Row>> bySql = new LinkedHashMap<>();

        void add(String sql, Object[] args, Supplier<? extends RuntimeException> unlessOneRow) {
            bySql.computeIfAbsent(sql, text -> new ArrayList<>()).add(new Row(args, unlessOneRow));
        }

        void send(JdbcTemplate jdbc) {
            for (Map.Entry<String, List<Row>> batch : bySql.entrySet()) {
                List<Row> rows = batch.getValue();
                int[] changed = jdbc.batchUpdate(
                        batch.getKey(), rows.stream().map(Row::args).toList());
                for (int i = 0; i < rows.size(); i++) {
                    Supplier<? extends RuntimeException> unlessOneRow =
                            rows.get(i).unlessOneRow();
                    if (unlessOneRow != null && changed[i] != 1) {
                        throw unlessOneRow.get();
                    }
                }
            }
            bySql.clear();
        }
    }

    private record Row(Object[] args, Supplier<? extends RuntimeException> unlessOneRow) {}
}
