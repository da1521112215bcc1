package io.keywarden.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditEntry;
import io.keywarden.audit.AuditLog;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.support.DatabaseOwner;
import io.keywarden.support.KeywardenTest;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

@KeywardenTest
class AuditLogTests {

    @Autowired
    AuditLog audit;

    @Autowired
    AuditChain chain;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    DataSource dataSource;

    @Test
    void appendsChainEachEventToThePreviousOne() {
        StoredAuditEvent first = append("chain-user-1");
        StoredAuditEvent second = append("chain-user-2");

        assertThat(second.id()).isEqualTo(first.id() + 1);
        assertThat(second.previousHash()).isEqualTo(first.hash());
        Map<String, Object> stored =
                jdbc.queryForMap("SELECT previous_hash, hash FROM audit_event WHERE id = ?", second.id());
        assertThat(stored.get("hash")).isEqualTo(chain.hash(second.previousHash(), second));
    }

    /** Even the owner, who has the privileges the application role lacks, meets the triggers. */
    @Test
    void theDatabaseRefusesToUpdateDeleteOrTruncateEventsEvenToTheOwner() {
        long id = append("immutable-user").id();
        JdbcTemplate jdbc = DatabaseOwner.jdbc(dataSource);

        assertThatThrownBy(() -> jdbc.update("UPDATE audit_event SET outcome = 'SUCCEEDED' WHERE id = ?", id))
                .isInstanceOf(DataAccessException.class)
                .rootCause()
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM audit_event WHERE id = ?", id))
                .isInstanceOf(DataAccessException.class)
                .rootCause()
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.execute("TRUNCATE audit_event"))
                .isInstanceOf(DataAccessException.class)
                .rootCause()
                .hasMessageContaining("append-only");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE id = ?", Integer.class, id))
                .isEqualTo(1);
    }

    @Test
    void concurrentAppendsBuildOneUnbrokenChain() throws Exception {
        List<Thread> threads = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int n = i;
            Thread thread = new Thread(() -> {
                for (int j = 0; j < 10; j++) {
                    append("concurrent-" + n);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }

        List<Map<String, Object>> rows =
                jdbc.queryForList("SELECT id, previous_hash, hash FROM audit_event ORDER BY id");
        for (int i = 1; i < rows.size(); i++) {
            assertThat(rows.get(i).get("id")).isEqualTo(((Long) rows.get(i - 1).get("id")) + 1);
            assertThat(rows.get(i).get("previous_hash"))
                    .isEqualTo(rows.get(i - 1).get("hash"));
        }
    }

    private StoredAuditEvent append(String userName) {
        return transactions.execute(
                tx -> audit.append(AuditEntry.of("test", AuditAction.CREATE_ACCESS_KEY, AuditOutcome.SUCCEEDED)
                        .user(userName)));
    }
}
