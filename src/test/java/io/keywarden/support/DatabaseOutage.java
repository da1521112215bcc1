package io.keywarden.support;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Takes the test database away the way an outage would: new connections are refused and the
 * open ones are ended. {@link #end()} lets connections in again and evicts the pool's dead ones,
 * so the next test starts with a working pool.
 */
public final class DatabaseOutage {

    private final HikariDataSource pool;
    private String database;

    public DatabaseOutage(HikariDataSource pool) {
        this.pool = pool;
    }

    public void begin() {
        database = databaseName();
        admin("ALTER DATABASE \"" + database + "\" ALLOW_CONNECTIONS false");
        admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database
                + "' AND pid <> pg_backend_pid()");
    }

    public void end() {
        if (database == null) {
            return;
        }
        admin("ALTER DATABASE \"" + database + "\" ALLOW_CONNECTIONS true");
        database = null;
        pool.getHikariPoolMXBean().softEvictConnections();
        awaitPool();
    }

    /** Waits until the pool hands out a connection again: after failed attempts it backs off a while. */
    private void awaitPool() {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (true) {
            try (Connection connection = pool.getConnection()) {
                return;
            } catch (SQLException ex) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the pool did not reconnect after the outage", ex);
                }
            }
        }
    }

    private String databaseName() {
        String url = pool.getJdbcUrl();
        String tail = url.substring(url.lastIndexOf('/') + 1);
        int query = tail.indexOf('?');
        return query < 0 ? tail : tail.substring(0, query);
    }

    private void admin(String sql) {
        String url = pool.getJdbcUrl();
        String adminUrl = url.substring(0, url.lastIndexOf('/') + 1) + "postgres";
        String owner = System.getProperty("spring.flyway.user", pool.getUsername());
        String password = System.getProperty("spring.flyway.password", pool.getPassword());
        try (Connection connection = DriverManager.getConnection(adminUrl, owner, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException ex) {
            throw new IllegalStateException("could not run '" + sql + "' as the database's administrator", ex);
        }
    }
}
