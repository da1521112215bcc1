package io.keywarden.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.support.Api;
import io.keywarden.support.ApplicationTestBase;
import io.keywarden.support.DatabaseOwner;
import io.keywarden.support.KeywardenTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Signed checkpoints over real HTTP: the checkpoint job writes them outside the database and
 * lists them, and verification compares the chain with the latest one, so deleting the newest
 * events as the table's owner, triggers switched off, no longer passes as intact.
 */
@KeywardenTest
class AuditCheckpointTests extends ApplicationTestBase {

    @Autowired
    DataSource dataSource;

    @Value("${keywarden.audit.checkpoint.directory}")
    Path directory;

    @Test
    void theCheckpointJobSignsTheHeadIntoTheDirectoryAndListsIt() throws Exception {
        assertThat(api.createKey(Api.ISSUER, newIdempotencyKey(), newUser()).status())
                .isEqualTo(201);

        assertThat(runCheckpointJob().status()).isEqualTo(201);

        long head = jdbc.queryForObject("SELECT max(id) FROM audit_event", Long.class);
        JsonNode listed = api.call("GET", "/admin/v1/audit-checkpoints?limit=1")
                .token(Api.AUDITOR)
                .send()
                .json()
                .get(0);
        assertThat(listed.get("headEventId").asLong()).isEqualTo(head);
        assertThat(listed.get("eventCount").asLong()).isEqualTo(head);
        assertThat(listed.get("headHash").asString())
                .isEqualTo(jdbc.queryForObject("SELECT hash FROM audit_event WHERE id = ?", String.class, head));
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .anyMatch(name -> name.startsWith(String.format(
                            "checkpoint-%012d-", listed.get("sequence").asLong())));
        }
    }

    @Test
    void thePublicKeyIsServedAsPemToAuditorsOnly() {
        Api.Answer key = api.call("GET", "/admin/v1/audit-checkpoints/public-key")
                .token(Api.AUDITOR)
                .send();

        assertThat(key.status()).isEqualTo(200);
        assertThat(key.body()).contains("-----BEGIN PUBLIC KEY-----").contains("(current)");
        assertThat(api.call("GET", "/admin/v1/audit-checkpoints/public-key")
                        .token(Api.METRICS)
                        .send()
                        .status())
                .isEqualTo(403);
        assertThat(api.call("GET", "/admin/v1/audit-checkpoints")
                        .token(Api.ISSUER)
                        .send()
                        .status())
                .isEqualTo(403);
    }

    @Test
    void deletingTheNewestEventsAsTheOwnerIsDetectedAgainstTheCheckpoint() {
        for (int i = 0; i < 3; i++) {
            assertThat(api.createKey(Api.ISSUER, newIdempotencyKey(), newUser()).status())
                    .isEqualTo(201);
        }
        assertThat(runCheckpointJob().status()).isEqualTo(201);
        long head = jdbc.queryForObject("SELECT max(id) FROM audit_event", Long.class);
        long sequence = jdbc.queryForObject("SELECT max(sequence) FROM audit_checkpoint", Long.class);

        asOwner(
                "CREATE TABLE deleted_audit_events AS SELECT * FROM audit_event WHERE id > " + (head - 2),
                "ALTER TABLE audit_event DISABLE TRIGGER USER",
                "DELETE FROM audit_event WHERE id > " + (head - 2),
                "ALTER TABLE audit_event ENABLE TRIGGER USER");
        try {
            JsonNode verification = api.call("GET", "/admin/v1/audit-events/verification")
                    .token(Api.AUDITOR)
                    .send()
                    .json();

            assertThat(verification.get("intact").asBoolean()).isFalse();
            assertThat(verification.get("firstBrokenEventId").asLong()).isEqualTo(head - 1);
            assertThat(verification.get("checkpoint").asLong()).isEqualTo(sequence);
            assertThat(verification.get("reason").asString())
                    .startsWith("events deleted after checkpoint " + sequence + ": it covers " + head + " events");
        } finally {
            asOwner("INSERT INTO audit_event SELECT * FROM deleted_audit_events", "DROP TABLE deleted_audit_events");
        }
        assertThat(api.call("GET", "/admin/v1/audit-events/verification")
                        .token(Api.AUDITOR)
                        .send()
                        .json()
                        .get("intact")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void aCheckpointMissingFromTheSinkIsNoSilentPass() throws Exception {
        assertThat(api.createKey(Api.ISSUER, newIdempotencyKey(), newUser()).status())
                .isEqualTo(201);
        assertThat(runCheckpointJob().status()).isEqualTo(201);
        long sequence = jdbc.queryForObject("SELECT max(sequence) FROM audit_checkpoint", Long.class);
        Path latest;
        try (Stream<Path> files = Files.list(directory)) {
            latest = files.filter(path ->
                            path.getFileName().toString().startsWith(String.format("checkpoint-%012d-", sequence)))
                    .findFirst()
                    .orElseThrow();
        }
        Path aside = Files.move(latest, latest.resolveSibling("aside.json"));
        try {
            JsonNode verification = api.call("GET", "/admin/v1/audit-events/verification")
                    .token(Api.AUDITOR)
                    .send()
                    .json();
            JsonNode health =
                    api.call("GET", "/actuator/health").token(Api.ADMIN).send().json();

            assertThat(verification.get("anchorProblem").asString())
                    .contains("but the database lists checkpoint " + sequence);
            JsonNode sinks = health.get("components").get("auditCheckpointSinks");
            assertThat(sinks.get("status").asString()).isEqualTo("DOWN");
            assertThat(sinks.get("details").get("problem").asString()).contains("checkpoint " + sequence);
        } finally {
            Files.move(aside, latest);
        }
        JsonNode after = api.call("GET", "/admin/v1/audit-events/verification")
                .token(Api.AUDITOR)
                .send()
                .json();
        assertThat(after.get("intact").asBoolean()).isTrue();
        assertThat(after.has("anchorProblem")).isFalse();
    }

    private Api.Answer runCheckpointJob() {
        return api.call("POST", "/admin/v1/jobs/audit-checkpoint/runs")
                .token(Api.ADMIN)
                .send();
    }

    /** Statements run as the database's owner (Flyway's user), who can switch the triggers off. */
    private void asOwner(String... statements) {
        JdbcTemplate owner = DatabaseOwner.jdbc(dataSource);
        for (String sql : statements) {
            owner.execute(sql);
        }
    }
}
