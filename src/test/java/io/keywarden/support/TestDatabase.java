package io.keywarden.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Gives every test run its own real PostgreSQL database when no Docker engine answers: it creates
 * a fresh database on the server at {@code KEYWARDEN_TEST_DB_URL} (default the local server's
 * {@code test} database) when the run starts, points {@code spring.datasource.*} at it and drops
 * it when the run ends, so runs neither see each other's rows nor trip over leftovers (and the two
 * JVMs Surefire forks for one build are two runs). Flyway
 * migrates as the server's user and the application connects as the role {@value
 * #APPLICATION_ROLE}, created when missing, as in a deployment. Each run also gets a checkpoint
 * directory of its own under {@code target/audit-checkpoints}, named by its time and process. Databases
 * left behind by a killed run are dropped by the next run once they are a few hours old. Where
 * Docker answers, {@link PostgresContainerConfiguration} supplies a container instead.
 */
public final class TestDatabase implements LauncherSessionListener {

    static final String URL_VARIABLE = "KEYWARDEN_TEST_DB_URL";

    /** The role the application connects as, the same the {@code local} profile uses. */
    public static final String APPLICATION_ROLE = "keywarden_app";

    private static final String CHECKPOINT_DIRECTORY = "keywarden.audit.checkpoint.directory";
    private static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String PREFIX = "keywarden_test_";
    private static final Duration LEFTOVER_AGE = Duration.ofHours(3);

    private String createdDatabase;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (System.getProperty(CHECKPOINT_DIRECTORY) == null) {
            System.setProperty(
                    CHECKPOINT_DIRECTORY,
                    Path.of(
                                    "target",
                                    "audit-checkpoints",
                                    "run-" + Instant.now().toEpochMilli() + "-"
                                            + ProcessHandle.current().pid())
                            .toAbsolutePath()
                            .toString());
        }
        if (DockerProbe.dockerAvailable() || System.getProperty("spring.datasource.url") != null) {
            return;
        }
        String adminUrl = env(URL_VARIABLE, DEFAULT_URL);
        String name = PREFIX + Instant.now().getEpochSecond() + "_"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        try (Connection connection = connect(adminUrl);
                Statement statement = connection.createStatement()) {
            dropLeftovers(statement);
            createApplicationRole(statement);
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException ex) {
            throw new IllegalStateException(
                    "Cannot create a test database on " + adminUrl + " (set " + URL_VARIABLE
                            + " to a PostgreSQL server that answers)",
                    ex);
        }
        createdDatabase = name;
        System.setProperty("spring.datasource.url", withDatabase(adminUrl, name));
        // Like a deployment: Flyway migrates as the owner, the application connects as a role
        // that owns nothing (the migrations grant it what it needs).
        System.setProperty("spring.flyway.user", username());
        System.setProperty("spring.flyway.password", password());
        System.setProperty("spring.datasource.username", APPLICATION_ROLE);
        System.setProperty("spring.datasource.password", APPLICATION_ROLE);
    }

    /** The application role, made once per server: roles are cluster-wide, and parallel runs may race to make it. */
    private static void createApplicationRole(Statement statement) throws SQLException {
        statement.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + APPLICATION_ROLE
                + "') THEN CREATE ROLE " + APPLICATION_ROLE + " LOGIN PASSWORD '" + APPLICATION_ROLE
                + "'; END IF; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$");
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (createdDatabase == null) {
            return;
        }
        try (Connection connection = connect(env(URL_VARIABLE, DEFAULT_URL));
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + createdDatabase + " WITH (FORCE)");
        } catch (SQLException ex) {
            System.err.println("Could not drop test database " + createdDatabase + ": " + ex.getMessage());
        }
    }

    private static void dropLeftovers(Statement statement) throws SQLException {
        long cutoff = Instant.now().minus(LEFTOVER_AGE).getEpochSecond();
        List<String> old = new ArrayList<>();
        try (ResultSet rows =
                statement.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE '" + PREFIX + "%'")) {
            while (rows.next()) {
                String name = rows.getString(1);
                String[] parts = name.substring(PREFIX.length()).split("_");
                if (parts.length == 2 && parts[0].matches("\\d+") && Long.parseLong(parts[0]) < cutoff) {
                    old.add(name);
                }
            }
        }
        for (String name : old) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    static String withDatabase(String url, String database) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        String parameters = query < 0 ? "" : url.substring(query);
        return base.substring(0, base.lastIndexOf('/') + 1) + database + parameters;
    }

    private static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, username(), password());
    }

    private static String username() {
        return env("KEYWARDEN_TEST_DB_USER", "postgres");
    }

    private static String password() {
        return env("KEYWARDEN_TEST_DB_PASSWORD", "");
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
