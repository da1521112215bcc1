package io.keywarden.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.keywarden.support.Api;
import io.keywarden.support.ApplicationTestBase;
import io.keywarden.support.DatabaseOwner;
import io.keywarden.support.KeywardenTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * Signed checkpoints over real HTTP: the checkpoint job writes them outside the database and
 * lists them, and verification compares the chain with the latest one, so deleting the newest
 * events as the table's owner, triggers switched off, no longer passes as intact.
 */
@KeywardenTest
class AuditCheckpointTests extends ApplicationTestBase {

    @Autowired
    AuditLosses losses;

    @Autowired
    DataSource dataSource;

    @Autowired
    AuditProperties properties;

    @Autowired
    AuditSigning signing;

    @Autowired
    AuditCheckpoints checkpoints;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    Clock clock;

    @Value("${keywarden.audit.checkpoint.directory}")
    Path directory;

    @TempDir
    Path work;

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
                    .startsWith("the database is behind its signed checkpoint " + sequence
                            + ": at least 2 events lost, probably a failover");
            // Found by the verification, before any checkpoint: issuance halts at once.
            assertThat(losses.current())
                    .hasValueSatisfying(loss -> assertThat(loss.acknowledged()).isFalse());
        } finally {
            forgetTheLoss();
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

    @Test
    void eventsRelabelledAsChainVersion1InTheDatabaseAreFoundAndTheAlarmClearsOnceRestored() {
        assertThat(api.createKey(Api.ISSUER, newIdempotencyKey(), newUser()).status())
                .isEqualTo(201);
        assertThat(runCheckpointJob().status()).isEqualTo(201);
        long sequence = jdbc.queryForObject("SELECT max(sequence) FROM audit_checkpoint", Long.class);

        asOwner(
                "CREATE TABLE relabelled_audit_events AS SELECT * FROM audit_event WHERE id <= 5",
                "ALTER TABLE audit_event DISABLE TRIGGER USER",
                "UPDATE audit_event SET chain_version = 1, key_id = 'chain-key' WHERE id <= 5",
                "UPDATE audit_event SET actor = 'someone-else' WHERE id = 3",
                "ALTER TABLE audit_event ENABLE TRIGGER USER");
        try {
            JsonNode verification = api.call("GET", "/admin/v1/audit-events/verification")
                    .token(Api.AUDITOR)
                    .send()
                    .json();
            Api.Answer job = runJob("audit-verification");

            assertThat(verification.get("intact").asBoolean()).isFalse();
            assertThat(verification.get("firstBrokenEventId").asLong()).isEqualTo(1);
            assertThat(verification.get("reason").asString())
                    .isEqualTo("labelled chain version 1, but checkpoint " + sequence
                            + " pins chain version 2 from event 1");
            assertThat(job.status()).isEqualTo(201);
            assertThat(job.text("outcome")).isEqualTo("PARTIAL");
            assertThat(job.text("lastError")).startsWith("chain broken at event 1: labelled chain version 1");
            assertThat(scraped("keywarden_audit_chain_intact")).isEqualTo("0.0");
        } finally {
            asOwner(
                    "ALTER TABLE audit_event DISABLE TRIGGER USER",
                    "UPDATE audit_event e SET chain_version = r.chain_version, key_id = r.key_id, actor = r.actor"
                            + " FROM relabelled_audit_events r WHERE e.id = r.id",
                    "ALTER TABLE audit_event ENABLE TRIGGER USER",
                    "DROP TABLE relabelled_audit_events");
        }
        Api.Answer job = runJob("audit-verification");
        assertThat(job.text("outcome")).isEqualTo("SUCCEEDED");
        assertThat(scraped("keywarden_audit_chain_intact")).isEqualTo("1.0");
    }

    @Test
    void aCheckpointRowEditedByTheOwnerIsNotSignedOverAndTheAlarmClearsOnceRestored() throws Exception {
        assertThat(api.createKey(Api.ISSUER, newIdempotencyKey(), newUser()).status())
                .isEqualTo(201);
        assertThat(runCheckpointJob().text("outcome")).isEqualTo("SUCCEEDED");
        long sequence = jdbc.queryForObject("SELECT max(sequence) FROM audit_checkpoint", Long.class);
        String hash =
                jdbc.queryForObject("SELECT hash FROM audit_checkpoint WHERE sequence = ?", String.class, sequence);

        asOwner(
                "ALTER TABLE audit_checkpoint DISABLE TRIGGER USER",
                "UPDATE audit_checkpoint SET hash = '" + "0f".repeat(32) + "' WHERE sequence = " + sequence,
                "ALTER TABLE audit_checkpoint ENABLE TRIGGER USER");
        try {
            assertThat(api.createKey(Api.ISSUER, newIdempotencyKey(), newUser()).status())
                    .isEqualTo(201);

            Api.Answer refused = runCheckpointJob();
            JsonNode verification = api.call("GET", "/admin/v1/audit-events/verification")
                    .token(Api.AUDITOR)
                    .send()
                    .json();
            Api.Answer job = runJob("audit-verification");

            assertThat(refused.text("outcome")).isEqualTo("FAILED");
            assertThat(filesOf(sequence + 1)).isEmpty();
            assertThat(verification.get("intact").asBoolean()).isFalse();
            assertThat(verification.get("reason").asString())
                    .startsWith("checkpoint " + sequence + " in the database (hash 0f0f0f0f0f0f0f0f...) differs from"
                            + " the checkpoint sink's (hash " + hash.substring(0, 16) + "...)");
            assertThat(job.text("outcome")).isEqualTo("PARTIAL");
            assertThat(job.text("lastError")).startsWith("not intact: checkpoint " + sequence + " in the database");
            assertThat(scraped("keywarden_audit_chain_intact")).isEqualTo("0.0");
        } finally {
            asOwner(
                    "ALTER TABLE audit_checkpoint DISABLE TRIGGER USER",
                    "UPDATE audit_checkpoint SET hash = '" + hash + "' WHERE sequence = " + sequence,
                    "ALTER TABLE audit_checkpoint ENABLE TRIGGER USER");
        }
        assertThat(runJob("audit-verification").text("outcome")).isEqualTo("SUCCEEDED");
        assertThat(scraped("keywarden_audit_chain_intact")).isEqualTo("1.0");
        assertThat(runCheckpointJob().text("outcome")).isEqualTo("SUCCEEDED");
        assertThat(filesOf(sequence + 1)).hasSize(1);
        assertThat(verifyOffline()).startsWith("intact: events 1 to ");
    }

    @Test
    void theNewestCheckpointAndItsEventsRewrittenByTheOwnerAreNotSignedOverWhileALeftoverIsNoAlarm() throws Exception {
        assertThat(api.createKey(Api.ISSUER, newIdempotencyKey(), newUser()).status())
                .isEqualTo(201);
        assertThat(runCheckpointJob().text("outcome")).isEqualTo("SUCCEEDED");
        long kept = jdbc.queryForObject("SELECT max(head_event_id) FROM audit_checkpoint", Long.class);
        assertThat(api.createKey(Api.ISSUER, newIdempotencyKey(), newUser()).status())
                .isEqualTo(201);
        assertThat(runCheckpointJob().text("outcome")).isEqualTo("SUCCEEDED");
        long sequence = jdbc.queryForObject("SELECT max(sequence) FROM audit_checkpoint", Long.class);

        asOwner(
                "CREATE TABLE rewritten_audit_events AS SELECT * FROM audit_event WHERE id > " + kept,
                "CREATE TABLE rewritten_audit_checkpoints AS SELECT * FROM audit_checkpoint WHERE sequence = "
                        + sequence,
                "ALTER TABLE audit_event DISABLE TRIGGER USER",
                "ALTER TABLE audit_checkpoint DISABLE TRIGGER USER",
                "DELETE FROM audit_event WHERE id > " + kept,
                "DELETE FROM audit_checkpoint WHERE sequence = " + sequence,
                "ALTER TABLE audit_checkpoint ENABLE TRIGGER USER",
                "ALTER TABLE audit_event ENABLE TRIGGER USER");
        try {
            for (int i = 0; i < 2; i++) {
                assertThat(api.createKey(Api.ISSUER, newIdempotencyKey(), newUser())
                                .status())
                        .isEqualTo(201);
            }

            Api.Answer refused = runCheckpointJob();
            JsonNode verification = api.call("GET", "/admin/v1/audit-events/verification")
                    .token(Api.AUDITOR)
                    .send()
                    .json();

            assertThat(refused.text("outcome")).isEqualTo("PARTIAL");
            assertThat(refused.text("lastError"))
                    .startsWith("checkpoint not signed: the database is behind its" + " signed checkpoint " + sequence);
            assertThat(filesOf(sequence)).hasSize(1);
            assertThat(verification.get("intact").asBoolean()).isFalse();
            assertThat(verification.get("checkpoint").asLong()).isEqualTo(sequence);
            assertThat(verification.get("reason").asString())
                    .startsWith("the database is behind its signed checkpoint " + sequence + ": at least ");
            assertThat(verification.get("databaseBehind").get("checkpoint").asLong())
                    .isEqualTo(sequence);
        } finally {
            asOwner(
                    "ALTER TABLE audit_event DISABLE TRIGGER USER",
                    "DELETE FROM audit_event WHERE id > " + kept,
                    "INSERT INTO audit_event SELECT * FROM rewritten_audit_events",
                    "ALTER TABLE audit_checkpoint DISABLE TRIGGER USER",
                    "DELETE FROM audit_checkpoint WHERE sequence >= " + sequence,
                    "INSERT INTO audit_checkpoint SELECT * FROM rewritten_audit_checkpoints",
                    "ALTER TABLE audit_checkpoint ENABLE TRIGGER USER",
                    "ALTER TABLE audit_event ENABLE TRIGGER USER",
                    "DROP TABLE rewritten_audit_events",
                    "DROP TABLE rewritten_audit_checkpoints");
            forgetTheLoss();
        }
        assertThat(api.call("GET", "/admin/v1/audit-events/verification")
                        .token(Api.AUDITOR)
                        .send()
                        .json()
                        .get("intact")
                        .asBoolean())
                .isTrue();

        assertThat(api.createKey(Api.ISSUER, newIdempotencyKey(), newUser()).status())
                .isEqualTo(201);
        Checkpoint latest = checkpoints.latestStored().orElseThrow();
        long head = jdbc.queryForObject("SELECT max(id) FROM audit_event", Long.class);
        Checkpoint leftover = Checkpoint.sign(
                sequence + 1,
                head,
                jdbc.queryForObject("SELECT hash FROM audit_event WHERE id = ?", String.class, head),
                head,
                clock.instant().truncatedTo(ChronoUnit.MICROS),
                signing.current().orElseThrow(),
                latest.hash(),
                latest.firstVersion2EventId());
        new CheckpointDirectory(directory).write(leftover);
        assertThat(runCheckpointJob().text("outcome")).isEqualTo("SUCCEEDED");
        JsonNode verification = api.call("GET", "/admin/v1/audit-events/verification")
                .token(Api.AUDITOR)
                .send()
                .json();
        assertThat(filesOf(sequence + 1)).hasSize(2);
        assertThat(verification.get("intact").asBoolean()).isTrue();
        assertThat(verification.get("checkpoint").asLong()).isEqualTo(sequence + 1);
        assertThat(verification.has("anchorProblem")).isFalse();
    }

    @Test
    void aCheckpointWhoseHttpSinkFailsLeavesNoFileAndTheNextOneVerifiesOffline() throws Exception {
        assertThat(api.createKey(Api.ISSUER, newIdempotencyKey(), newUser()).status())
                .isEqualTo(201);
        long next = jdbc.queryForObject("SELECT coalesce(max(sequence), 0) + 1 FROM audit_checkpoint", Long.class);
        HttpServer endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.createContext("/checkpoints", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        endpoint.start();
        try {
            AuditProperties failing = new AuditProperties(
                    properties.chainKey(),
                    properties.signingKey(),
                    properties.previousPublicKeys(),
                    new AuditProperties.Checkpoints(
                            true,
                            properties.checkpoint().interval(),
                            directory,
                            URI.create(
                                    "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/checkpoints")));
            AuditCheckpoints withFailingEndpoint = new AuditCheckpoints(
                    jdbc,
                    signing,
                    new CheckpointSinks(failing, RestClient.builder(), new SimpleMeterRegistry()),
                    failing,
                    clock,
                    losses);

            assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> withFailingEndpoint.checkpoint()))
                    .isInstanceOf(CheckpointSinks.SinkFailedException.class)
                    .hasMessageContaining("503");
        } finally {
            endpoint.stop(0);
        }

        assertThat(filesOf(next)).isEmpty();
        assertThat(runCheckpointJob().status()).isEqualTo(201);
        assertThat(filesOf(next)).hasSize(1);
        assertThat(verifyOffline()).startsWith("intact: events 1 to ");
    }

    @Test
    void aCheckpointWhoseCommitFailsLeavesNoFileOnceTheNextOneIsWritten() throws Exception {
        assertThat(api.createKey(Api.ISSUER, newIdempotencyKey(), newUser()).status())
                .isEqualTo(201);
        long next = jdbc.queryForObject("SELECT coalesce(max(sequence), 0) + 1 FROM audit_checkpoint", Long.class);
        JdbcTemplate owner = DatabaseOwner.jdbc(dataSource);

        assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> {
                    int backend = jdbc.queryForObject("SELECT pg_backend_pid()", Integer.class);
                    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                        @Override
                        public void beforeCommit(boolean readOnly) {
                            owner.queryForObject("SELECT pg_terminate_backend(?, 5000)", Boolean.class, backend);
                        }
                    });
                    assertThat(checkpoints.checkpoint()).isPresent();
                }))
                .isInstanceOf(TransactionException.class);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_checkpoint WHERE sequence = ?", Long.class, next))
                .isZero();

        assertThat(runCheckpointJob().status()).isEqualTo(201);

        String committed =
                jdbc.queryForObject("SELECT hash FROM audit_checkpoint WHERE sequence = ?", String.class, next);
        assertThat(filesOf(next))
                .containsExactly(String.format("checkpoint-%012d-%s.json", next, committed.substring(0, 16)));
        assertThat(verifyOffline()).startsWith("intact: events 1 to ");
    }

    private List<String> filesOf(long sequence) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(path -> path.getFileName().toString())
                    .filter(name -> name.startsWith(String.format("checkpoint-%012d-", sequence)))
                    .toList();
        }
    }

    /** Exports the log and runs {@code verify-audit} on it against the checkpoint directory; answers its output. */
    private String verifyOffline() throws Exception {
        Path events = work.resolve("events.ndjson");
        Files.writeString(
                events,
                api.call("GET", "/admin/v1/audit-events/export")
                        .token(Api.AUDITOR)
                        .send()
                        .body());
        Path publicKey = work.resolve("keywarden-audit.pem");
        Files.writeString(
                publicKey,
                api.call("GET", "/admin/v1/audit-checkpoints/public-key")
                        .token(Api.AUDITOR)
                        .send()
                        .body());
        OfflineVerifierTests.Result result = OfflineVerifierTests.verify(events, directory, publicKey);
        assertThat(result.status()).as(result.out()).isZero();
        return result.out();
    }

    private Api.Answer runJob(String name) {
        return api.call("POST", "/admin/v1/jobs/" + name + "/runs")
                .token(Api.ADMIN)
                .send();
    }

    private Api.Answer runCheckpointJob() {
        return api.call("POST", "/admin/v1/jobs/audit-checkpoint/runs")
                .token(Api.ADMIN)
                .send();
    }

    /**
     * Forgets the finding these tests made on purpose once they restored the log, as no operator
     * would (they acknowledge it): the shared application must issue again for every other test.
     */
    private void forgetTheLoss() {
        asOwner("DELETE FROM audit_loss WHERE continued_by_sequence IS NULL");
        losses.current();
    }

    /** Statements run as the database's owner (Flyway's user), who can switch the triggers off. */
    private void asOwner(String... statements) {
        JdbcTemplate owner = DatabaseOwner.jdbc(dataSource);
        for (String sql : statements) {
            owner.execute(sql);
        }
    }
}
