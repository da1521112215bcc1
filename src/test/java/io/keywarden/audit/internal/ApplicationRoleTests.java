package io.keywarden.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keywarden.support.ApplicationTestBase;
import io.keywarden.support.KeywardenTest;
import io.keywarden.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;

/**
 * Keywarden connects as a role that does not own the audit tables: it can read and append, but
 * cannot switch the append-only triggers off, nor update, delete or truncate, whatever a holder of
 * its database credentials tries.
 */
@KeywardenTest
class ApplicationRoleTests extends ApplicationTestBase {

    @Test
    void keywardenConnectsAsTheApplicationRoleNotTheOwner() {
        assertThat(jdbc.queryForObject("SELECT current_user", String.class)).isEqualTo(TestDatabase.APPLICATION_ROLE);
        assertThat(jdbc.queryForObject(
                        "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = 'audit_event'::regclass",
                        String.class))
                .isNotEqualTo(TestDatabase.APPLICATION_ROLE);
    }

    @Test
    void theApplicationRoleCannotSwitchTheAuditTriggersOff() {
        for (String table : new String[] {"audit_event", "audit_checkpoint"}) {
            assertThatThrownBy(() -> jdbc.execute("ALTER TABLE " + table + " DISABLE TRIGGER USER"))
                    .isInstanceOf(DataAccessException.class)
                    .rootCause()
                    .hasMessageContaining("must be owner of table " + table);
        }
    }

    @Test
    void theApplicationRoleCannotUpdateDeleteOrTruncateTheAuditTables() {
        for (String table : new String[] {"audit_event", "audit_checkpoint"}) {
            assertThatThrownBy(() -> jdbc.update("UPDATE " + table + " SET key_id = key_id"))
                    .rootCause()
                    .hasMessageContaining("permission denied for table " + table);
            assertThatThrownBy(() -> jdbc.update("DELETE FROM " + table))
                    .rootCause()
                    .hasMessageContaining("permission denied for table " + table);
            assertThatThrownBy(() -> jdbc.execute("TRUNCATE " + table))
                    .rootCause()
                    .hasMessageContaining("permission denied for table " + table);
        }
    }

    @Test
    void theApplicationRoleCannotDeleteAFindingThatTheDatabaseIsBehind() {
        assertThatThrownBy(() -> jdbc.update("DELETE FROM audit_loss"))
                .rootCause()
                .hasMessageContaining("permission denied for table audit_loss");
        assertThatThrownBy(() -> jdbc.execute("TRUNCATE audit_loss"))
                .rootCause()
                .hasMessageContaining("permission denied for table audit_loss");
    }
}
