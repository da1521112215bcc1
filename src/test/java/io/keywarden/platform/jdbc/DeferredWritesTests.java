package io.keywarden.platform.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keywarden.support.ApplicationTestBase;
import io.keywarden.support.KeywardenTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes collected for a group commit reach PostgreSQL as batches at the end of the work, in the
 * order written, and a batched write that must change one row and does not rolls the whole
 * transaction back. Each test holds one connection of the application's pool, with a temporary
 * table of its own.
 */
@KeywardenTest
class DeferredWritesTests extends ApplicationTestBase {

    private static final String INSERT = "INSERT INTO deferred_probe (label) VALUES (?)";
    private static final String RELABEL = "UPDATE deferred_probe SET label = ? WHERE label = ?";

    @Autowired
    private DataSource pool;

    private Connection connection;
    private JdbcTemplate session;
    private TransactionTemplate transactions;
    private DeferredWrites writes;

    @BeforeEach
    void holdOneConnection() throws SQLException {
        connection = pool.getConnection();
        SingleConnectionDataSource one = new SingleConnectionDataSource(connection, true);
        session = new JdbcTemplate(one);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(one));
        writes = new DeferredWrites(session);
        session.execute("CREATE TEMP TABLE deferred_probe (id serial PRIMARY KEY, label text NOT NULL)");
    }

    @AfterEach
    void giveItBack() throws SQLException {
        session.execute("DROP TABLE deferred_probe");
        connection.close();
    }

    @Test
    void collectedWritesArriveWhenTheWorkEndsInTheOrderWritten() {
        List<String> seenInside = transactions.execute(tx -> writes.collecting(() -> {
            writes.update(INSERT, "a");
            writes.update(RELABEL, () -> new IllegalStateException("no row"), "a2", "a");
            writes.update(INSERT, "b");
            writes.update(INSERT, "c");
            return labels();
        }));

        assertThat(seenInside).isEmpty();
        // The INSERTs travel first (their text was used first), then the UPDATE, which finds "a".
        assertThat(labels()).containsExactly("a2", "b", "c");
    }

    @Test
    void aBatchedWriteThatChangesNoRowFailsTheWholeTransaction() {
        assertThatThrownBy(() -> transactions.execute(tx -> writes.collecting(() -> {
                    writes.update(INSERT, "written first");
                    writes.update(RELABEL, () -> new IllegalStateException("taken over"), "x", "missing");
                    return null;
                })))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("taken over");

        assertThat(labels()).isEmpty();
    }

    @Test
    void outsideCollectingAWriteRunsAtOnceAndFailsAtOnce() {
        transactions.execute(tx -> {
            writes.update(INSERT, "now");
            assertThat(labels()).containsExactly("now");
            assertThatThrownBy(() -> writes.update(RELABEL, () -> new IllegalStateException("none"), "x", "missing"))
                    .hasMessage("none");
            return null;
        });

        assertThat(labels()).containsExactly("now");
    }

    @Test
    void writesCannotBeCollectedOutsideATransaction() {
        assertThatThrownBy(() -> writes.collecting(() -> null)).isInstanceOf(IllegalStateException.class);
    }

    private List<String> labels() {
        return session.queryForList("SELECT label FROM deferred_probe ORDER BY id", String.class);
    }
}
