package io.keywarden.jobs.internal;

import io.keywarden.jobs.JobResult;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The {@code job_run} table: a row per run, opened when it starts and closed when it ends. */
@Component
class JobRuns {

    static final String INTERRUPTED = "interrupted: the run ended without recording its outcome";

    private final JdbcTemplate jdbc;

    JobRuns(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Opens a run. It runs under the job's in-progress lock, so an earlier run still marked {@code RUNNING}
     * lost its database or its instance before it could record its end: it is closed as failed,
     * rather than looking forever as if it were still at work.
     */
    long open(String job, JobTrigger trigger, String instance) {
        jdbc.update(
                "UPDATE job_run SET ended_at = now(), outcome = ?, last_error = ? WHERE job_name = ? AND outcome = ?",
                JobOutcome.FAILED.name(),
                INTERRUPTED,
                job,
                JobOutcome.RUNNING.name());
        return jdbc.queryForObject(
                "INSERT INTO job_run (job_name, trigger, started_at, outcome, instance)"
                        + " VALUES (?, ?, now(), ?, ?) RETURNING id",
                Long.class,
                job,
                trigger.name(),
                JobOutcome.RUNNING.name(),
                instance);
    }

    /** Records a run that failed before it could start, such as one that could not take its lock. */
    JobRunReport failed(String job, JobTrigger trigger, String instance, String error) {
        return jdbc.queryForObject(
                "INSERT INTO job_run (job_name, trigger, started_at, ended_at, outcome, examined, changed, failed,"
                        + " last_error, instance) VALUES (?, ?, now(), now(), ?, 0, 0, 1, ?, ?) RETURNING *",
                JobRuns::report,
                job,
                trigger.name(),
                JobOutcome.FAILED.name(),
                clip(error),
                instance);
    }

    JobRunReport close(long id, JobOutcome outcome, JobResult result) {
        return jdbc.queryForObject(
                "UPDATE job_run SET ended_at = now(), outcome = ?, examined = ?, changed = ?, failed = ?,"
                        + " last_error = ? WHERE id = ? RETURNING *",
                JobRuns::report,
                outcome.name(),
                result.examined(),
                result.changed(),
                result.failed(),
                clip(result.lastError()),
                id);
    }

    Optional<JobRunReport> last(String job) {
        List<JobRunReport> rows =
                jdbc.query("SELECT * FROM job_run WHERE job_name = ? ORDER BY id DESC LIMIT 1", JobRuns::report, job);
        return rows.stream().findFirst();
    }

    /** The job's latest run the schedule started, on any instance, if it had one. */
    Optional<JobRunReport> lastScheduled(String job) {
        return jdbc
                .query(
                        "SELECT * FROM job_run WHERE job_name = ? AND trigger = ? ORDER BY id DESC LIMIT 1",
                        JobRuns::report,
                        job,
                        JobTrigger.SCHEDULED.name())
                .stream()
                .findFirst();
    }

    /** How long the job's latest run that ended by itself took, if it had one. */
    Optional<Duration> lastDuration(String job) {
        return jdbc
                .queryForList(
                        "SELECT extract(epoch FROM ended_at - started_at) FROM job_run WHERE job_name = ?"
                                + " AND outcome IN ('SUCCEEDED', 'PARTIAL') ORDER BY id DESC LIMIT 1",
                        Double.class,
                        job)
                .stream()
                .findFirst()
                .map(seconds -> Duration.ofMillis(Math.round(seconds * 1000)));
    }

    /** The job's latest runs, newest first. */
    List<JobRunReport> recent(String job, int limit) {
        return jdbc.query(
                "SELECT * FROM job_run WHERE job_name = ? ORDER BY id DESC LIMIT ?", JobRuns::report, job, limit);
    }

    int countRuns(String job) {
        return jdbc.queryForObject("SELECT count(*) FROM job_run WHERE job_name = ?", Integer.class, job);
    }

    private static String clip(String value) {
        return value == null || value.length() <= 500 ? value : value.substring(0, 500);
    }

    private static JobRunReport report(ResultSet rs, int n) throws SQLException {
        Timestamp ended = rs.getTimestamp("ended_at");
        return new JobRunReport(
                rs.getLong("id"),
                rs.getString("job_name"),
                JobTrigger.valueOf(rs.getString("trigger")),
                rs.getTimestamp("started_at").toInstant(),
                ended == null ? null : ended.toInstant(),
                JobOutcome.valueOf(rs.getString("outcome")),
                rs.getInt("examined"),
                rs.getInt("changed"),
                rs.getInt("failed"),
                rs.getString("last_error"),
                rs.getString("instance"));
    }
}
