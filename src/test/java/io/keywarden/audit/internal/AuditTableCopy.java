package io.keywarden.audit.internal;

import io.keywarden.support.DatabaseOwner;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A copy of the shared {@code audit_event} table, rows, indexes and append-only triggers, in a
 * schema of its own, made as the database's owner, so a test can break a chain on purpose without breaking the log every
 * other test relies on. {@link #verify} runs the production {@link AuditChainVerifier} on a
 * connection whose {@code search_path} is the copy's schema; {@link #asOwner} changes rows the
 * way a database owner could, by switching the triggers off around the statement.
 */
final class AuditTableCopy implements AutoCloseable {

    private final JdbcTemplate shared;
    private final String schema;
    private final DriverManagerDataSource dataSource;
    private final JdbcTemplate copy;

    private AuditTableCopy(JdbcTemplate shared, String schema, DriverManagerDataSource dataSource) {
        this.shared = shared;
        this.schema = schema;
        this.dataSource = dataSource;
        this.copy = new JdbcTemplate(dataSource);
    }

    static AuditTableCopy of(JdbcTemplate app, DataSource appDataSource, boolean withRows) throws Exception {
        JdbcTemplate shared = DatabaseOwner.jdbc(appDataSource);
        String schema =
                "audit_copy_" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
        String home = '"' + app.queryForObject("SELECT current_schema()", String.class) + '"';
        shared.execute("CREATE SCHEMA " + schema);
        shared.execute("CREATE TABLE " + schema + ".audit_event (LIKE " + home + ".audit_event INCLUDING ALL)");
        shared.execute("CREATE TRIGGER audit_event_no_update_or_delete BEFORE UPDATE OR DELETE ON " + schema
                + ".audit_event FOR EACH ROW EXECUTE FUNCTION " + home + ".audit_event_refuse_change()");
        if (withRows) {
            shared.execute("INSERT INTO " + schema + ".audit_event SELECT * FROM " + home + ".audit_event");
        }
        return new AuditTableCopy(shared, schema, asOwner(appDataSource, schema));
    }

    /** The database's owner (Flyway's user), who may create schemas and switch triggers off; the application may not. */
    private static DriverManagerDataSource asOwner(DataSource pool, String schema) {
        DriverManagerDataSource dataSource = DatabaseOwner.dataSource(pool);
        if (schema != null) {
            Properties properties = new Properties();
            properties.setProperty("currentSchema", schema);
            dataSource.setConnectionProperties(properties);
        }
        return dataSource;
    }

    AuditVerification verify(AuditChain chain) {
        return verify(new AuditChainVerifier(copy, chain));
    }

    /** Verifies the copy anchored to this checkpoint, as if the sink held it. */
    AuditVerification verify(AuditChain chain, Checkpoint anchor) {
        return verify(new AuditChainVerifier(copy, chain, () -> CheckpointTip.trusting(anchor)));
    }

    private AuditVerification verify(AuditChainVerifier verifier) {
        TransactionTemplate readOnly = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        readOnly.setReadOnly(true);
        return readOnly.execute(tx -> verifier.verify());
    }

    void asOwner(String sql, Object... args) {
        new TransactionTemplate(new DataSourceTransactionManager(dataSource)).executeWithoutResult(tx -> {
            copy.execute("ALTER TABLE audit_event DISABLE TRIGGER USER");
            copy.update(sql, args);
            copy.execute("ALTER TABLE audit_event ENABLE TRIGGER USER");
        });
    }

    JdbcTemplate jdbc() {
        return copy;
    }

    /** Adds an empty copy of {@code audit_checkpoint} beside the events, for checkpoints of this log. */
    AuditTableCopy withCheckpointTable(JdbcTemplate app) {
        String home = '"' + app.queryForObject("SELECT current_schema()", String.class) + '"';
        shared.execute(
                "CREATE TABLE " + schema + ".audit_checkpoint (LIKE " + home + ".audit_checkpoint INCLUDING ALL)");
        return this;
    }

    /** Runs the work in one transaction on the copy, as the application's services run in theirs. */
    <T> T inTransaction(java.util.function.Supplier<T> work) {
        return new TransactionTemplate(new DataSourceTransactionManager(dataSource)).execute(tx -> work.get());
    }

    @Override
    public void close() {
        shared.execute("DROP SCHEMA " + schema + " CASCADE");
    }
}
