package io.keywarden.issuance;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.keywarden.support.Api;
import io.keywarden.support.KeywardenTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;

/**
 * Keywarden fails closed: with its database unreachable it answers 503 and never calls the
 * upstream, because an upstream key it could not record would be a key nobody holds.
 */
@KeywardenTest
class DatabaseDownTests extends IssuanceTestSupport {

    @Autowired
    DataSourceProperties dataSource;

    @Autowired
    HikariDataSource pool;

    private String database;

    @Test
    void withTheDatabaseUnreachableCreateIs503AndTheUpstreamIsNotCalled() throws Exception {
        String user = newUser();
        long creates = sandbox.callCount("CreateAccessKey");
        cutOffDatabase();

        Api.Answer answer = api.createKey(Api.ISSUER, newIdempotencyKey(), user);

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.header("Retry-After")).isNotNull();
        assertThat(answer.body()).doesNotContain("SQL").doesNotContain("Exception");
        assertThat(sandbox.callCount("CreateAccessKey")).isEqualTo(creates);
        assertThat(upstreamKeyIds(user)).isEmpty();
    }

    @AfterEach
    void reconnectDatabase() throws Exception {
        if (database != null) {
            admin("ALTER DATABASE \"" + database + "\" ALLOW_CONNECTIONS true");
            database = null;
            // The outage killed the pooled connections; the next test should not meet their corpses.
            pool.getHikariPoolMXBean().softEvictConnections();
        }
    }

    /** Refuses new connections to the test database and ends the open ones, as an outage would. */
    private void cutOffDatabase() throws Exception {
        database = jdbc.queryForObject("SELECT current_database()", String.class);
        admin("ALTER DATABASE \"" + database + "\" ALLOW_CONNECTIONS false");
        admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database
                + "' AND pid <> pg_backend_pid()");
    }

    private void admin(String sql) throws Exception {
        String url = dataSource.determineUrl();
        String adminUrl = url.substring(0, url.lastIndexOf('/') + 1) + "postgres";
        try (Connection connection = DriverManager.getConnection(
                        adminUrl,
                        System.getProperty("spring.flyway.user", dataSource.getUsername()),
                        System.getProperty("spring.flyway.password", dataSource.getPassword()));
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
