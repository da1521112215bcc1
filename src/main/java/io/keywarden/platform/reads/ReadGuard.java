package io.keywarden.platform.reads;

import com.zaxxer.hikari.HikariDataSource;
import io.keywarden.platform.reads.internal.ReadProperties;
import java.sql.SQLException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a caller's search so that it cannot take issuance down: at most {@code max-concurrent}
 * searches hold a database connection at once (a bulkhead in front of the pool, so creates always
 * find a connection however many searches arrive), and each statement is cancelled by the database
 * after {@code statement-timeout}. Either limit is refused with its own exception (answered 503
 * with {@code Retry-After}). See docs/architecture.md#keeping-readers-away-from-writers. One shared
 * pool with a bulkhead rather than a second pool for reads: one set-up, and connections idle in
 * a read pool would be missing from the create path.
 */
@Component
public class ReadGuard {

    /** SQLState of a statement the server cancelled: here, because its statement timeout passed. */
    private static final String QUERY_CANCELED = "57014";

    private final Semaphore places;
    private final ReadProperties properties;
    private final TransactionTemplate readOnly;
    private final JdbcTemplate jdbc;

    ReadGuard(
            ReadProperties properties,
            PlatformTransactionManager transactions,
            JdbcTemplate jdbc,
            DataSource dataSource) {
        if (dataSource instanceof HikariDataSource pool && properties.maxConcurrent() >= pool.getMaximumPoolSize()) {
            throw new IllegalStateException("keywarden.reads.max-concurrent (" + properties.maxConcurrent()
                    + ") must be below spring.datasource.hikari.maximum-pool-size (" + pool.getMaximumPoolSize()
                    + "), or searches can hold every connection creates need");
        }
        this.places = new Semaphore(properties.maxConcurrent(), true);
        this.properties = properties;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.jdbc = jdbc;
    }

    /** Runs {@code search} in a read-only transaction of its own, within both limits. */
    public <T> T run(Supplier<T> search) {
        acquire();
        try {
            return readOnly.execute(tx -> {
                limitStatements();
                return search.get();
            });
        } catch (RuntimeException ex) {
            if (isTimeout(ex)) {
                throw new ReadTimedOutException("The search ran longer than "
                        + properties.statementTimeout().toMillis()
                        + " ms and was cancelled; narrow it (userName, status, a smaller limit) or retry later.");
            }
            throw ex;
        } finally {
            places.release();
        }
    }

    private void acquire() {
        try {
            if (places.tryAcquire(properties.maxWait().toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        throw new TooManyReadsException("Too many searches are running; retry shortly.");
    }

    /**
     * Both settings end with the transaction. A custom plan for every statement, because the scope's
     * {@code LIKE} patterns are bound parameters: a cached generic plan cannot see that a pattern is
     * a narrow prefix an index serves, and would scan every key.
     */
    private void limitStatements() {
        jdbc.queryForList(
                "SELECT set_config('statement_timeout', ?, true), set_config('plan_cache_mode', 'force_custom_plan', true)",
                Long.toString(properties.statementTimeout().toMillis()));
    }

    private static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof QueryTimeoutException) {
                return true;
            }
            if (t instanceof SQLException sql && QUERY_CANCELED.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
