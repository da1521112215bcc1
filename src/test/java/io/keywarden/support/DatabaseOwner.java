package io.keywarden.support;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The database as its owner sees it (Flyway's user), for tests that do what the application role
 * may not: switch the audit triggers off, or meet the triggers themselves behind the privileges.
 */
public final class DatabaseOwner {

    private DatabaseOwner() {}

    /** A data source on the application's database as the owner, with the given JDBC properties. */
    public static DriverManagerDataSource dataSource(DataSource application) {
        HikariDataSource pool;
        try {
            pool = application.unwrap(HikariDataSource.class);
        } catch (SQLException ex) {
            throw new IllegalStateException("the application's data source is no Hikari pool", ex);
        }
        return new DriverManagerDataSource(
                pool.getJdbcUrl(),
                System.getProperty("spring.flyway.user", pool.getUsername()),
                System.getProperty("spring.flyway.password", pool.getPassword()));
    }

    public static JdbcTemplate jdbc(DataSource application) {
        return new JdbcTemplate(dataSource(application));
    }
}
