package io.keywarden.jobs.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Who runs a job now, on any instance: the holder of its in-progress lock (see {@link JobLocks}),
 * read on the database's clock as ShedLock writes it (UTC, without time zone). A lock past its
 * {@code lock_until} is free, whoever left it.
 */
@Component
class RunsInProgress {

    private final JdbcTemplate jdbc;

    RunsInProgress(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Holder> of(String job) {
        return jdbc.query("""
                        SELECT locked_by, locked_at AT TIME ZONE 'UTC' AS since,
                               extract(epoch FROM timezone('utc', now()) - locked_at) AS elapsed,
                               extract(epoch FROM lock_until - timezone('utc', now())) AS remaining
                          FROM shedlock WHERE name = ? AND lock_until > timezone('utc', now())""", RunsInProgress::holder, JobLocks.inProgressLockOf(job)).stream()
                .findFirst();
    }

    private static Holder holder(ResultSet rs, int n) throws SQLException {
        return new Holder(
                rs.getString("locked_by"),
                rs.getTimestamp("since").toInstant(),
                seconds(rs.getDouble("elapsed")),
                seconds(rs.getDouble("remaining")));
    }

    private static Duration seconds(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    /**
     * A run in progress.
     *
     * @param instance the instance running it
     * @param since when it took the lock
     * @param elapsed how long it has run
     * @param remaining how long until its lock frees itself even if the instance crashed
     */
    record Holder(String instance, Instant since, Duration elapsed, Duration remaining) {}
}
