package io.keywarden.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keywarden.audit.AuditLog;
import io.keywarden.audit.DatabaseBehindException;
import io.keywarden.support.Api;
import io.keywarden.support.ApplicationTestBase;
import io.keywarden.support.DatabaseOwner;
import io.keywarden.support.KeywardenTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A database that lost what it had acknowledged, without a real failover: events and a signed
 * checkpoint are written, then the newest events and checkpoint rows are deleted as the table's
 * owner, as a standby promoted while behind lacks them, and the "new primary" goes on writing
 * events at the same positions. Keywarden then says the database is behind its signed checkpoint,
 * never tampering; signs no second checkpoint for the sequence; refuses creates, rotations and
 * renewals with 503 while reads answer; and after an audited acknowledgement continues the signed
 * chain in a way the offline verifier accepts, naming the fork until then.
 */
@KeywardenTest
class DatabaseBehindTests extends ApplicationTestBase {

    private static final String ACKNOWLEDGE = "/admin/v1/audit-checkpoints/loss-acknowledgements";

    @Autowired
    DataSource dataSource;

    @Autowired
    AuditSigning signing;

    @Autowired
    AuditCheckpoints checkpoints;

    @Autowired
    Clock clock;

    @Value("${keywarden.audit.checkpoint.directory}")
    Path directory;

    @TempDir
    Path work;

    @Autowired
    AuditLosses losses;

    @Autowired
    AuditLog audit;

    @Autowired
    TransactionTemplate transactions;

    /**
     * Whatever the test found, the shared application issues again afterwards, and the shared sink
     * and log agree: a loss still standing is acknowledged, as an operator would.
     */
    @AfterEach
    void acknowledgeWhatStillStands() {
        if (losses.current().filter(loss -> !loss.acknowledged()).isPresent()) {
            acknowledge(Api.ADMIN, "{\"reason\": \"the test ended before it acknowledged the loss\"}");
        }
    }

    @Test
    void aDatabaseBehindItsSignedCheckpointHaltsIssuanceUntilAnOperatorAcknowledgesTheLoss() throws Exception {
        String user = "lease-" + UUID.randomUUID().toString().substring(0, 12);
        String held = create(Api.LEASED_ISSUER, user, "\"ttl\": \"PT10M\"").text("accessKeyId");
        assertThat(runCheckpointJob().text("outcome")).isEqualTo("SUCCEEDED");
        long agreedSequence = maxSequence();
        long agreedHead = maxEventId();
        for (int i = 0; i < 3; i++) {
            assertThat(api.createKey(Api.ISSUER, newIdempotencyKey(), newUser()).status())
                    .isEqualTo(201);
        }
        assertThat(runCheckpointJob().text("outcome")).isEqualTo("SUCCEEDED");
        long signedSequence = maxSequence();
        long signedHead = maxEventId();
        Checkpoint signed = checkpoints.latestStored().orElseThrow();
        assertThat(signedSequence).isEqualTo(agreedSequence + 1);

        asOwner(
                "ALTER TABLE audit_event DISABLE TRIGGER USER",
                "ALTER TABLE audit_checkpoint DISABLE TRIGGER USER",
                "DELETE FROM audit_event WHERE id > " + agreedHead,
                "DELETE FROM audit_checkpoint WHERE sequence > " + agreedSequence,
                "ALTER TABLE audit_checkpoint ENABLE TRIGGER USER",
                "ALTER TABLE audit_event ENABLE TRIGGER USER");
        assertThat(api.createKey(Api.ISSUER, newIdempotencyKey(), newUser()).status())
                .isEqualTo(201);
        long databaseHead = maxEventId();
        assertThat(databaseHead).isGreaterThan(agreedHead).isLessThan(signedHead);
        String finding = "the database is behind its signed checkpoint " + signedSequence + ": at least "
                + (signedHead - databaseHead) + " events lost, probably a failover (the histories part after event "
                + agreedHead + ",";

        Api.Answer refusedCheckpoint = runCheckpointJob();

        assertThat(refusedCheckpoint.text("outcome")).isEqualTo("PARTIAL");
        assertThat(refusedCheckpoint.text("lastError")).contains(finding);
        assertThat(filesOf(signedSequence)).hasSize(1);
        assertThat(filesOf(signedSequence + 1)).isEmpty();
        assertThat(maxSequence()).isEqualTo(agreedSequence);
        JsonNode health = health();
        assertThat(health.get("status").asString()).isEqualTo("DOWN");
        assertThat(health.get("details").get("finding").asString()).startsWith(finding);
        assertThat(health.get("details").get("acknowledgeAt").asString()).contains(ACKNOWLEDGE);
        assertThat(scraped("keywarden_audit_database_behind"))
                .isEqualTo(String.valueOf((double) (signedHead - databaseHead)));
        Api.Answer verificationJob = api.call("POST", "/admin/v1/jobs/audit-verification/runs")
                .token(Api.ADMIN)
                .send();
        assertThat(verificationJob.text("outcome")).isEqualTo("PARTIAL");
        assertThat(verificationJob.text("lastError"))
                .startsWith("the database is behind its signed checkpoint " + signedSequence);
        assertThat(scraped("keywarden_audit_chain_intact")).isEqualTo("1.0");
        JsonNode verification = verification();
        assertThat(verification.get("intact").asBoolean()).isFalse();
        assertThat(verification.get("reason").asString())
                .startsWith("the database is behind its signed checkpoint " + signedSequence + ": at least ");
        assertThat(verification.get("databaseBehind").get("checkpoint").asLong())
                .isEqualTo(signedSequence);
        assertThat(verification.get("databaseBehind").get("agreedEventId").asLong())
                .isEqualTo(agreedHead);

        Api.Answer refusedCreate = api.createKey(Api.ISSUER, newIdempotencyKey(), newUser());
        Api.Answer refusedRenewal = renew(held);
        Api.Answer refusedRotation = rotate(held);

        for (Api.Answer refused : List.of(refusedCreate, refusedRenewal, refusedRotation)) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(503);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.header("Retry-After")).isEqualTo("60");
            assertThat(refused.text("type")).endsWith("/database-behind");
            assertThat(refused.text("detail")).contains(finding).contains(ACKNOWLEDGE);
        }
        Api.Answer refusedCompat = api.call("POST", "/v1/compat")
                .token(Api.ISSUER)
                .header("Idempotency-Key", newIdempotencyKey())
                .json("{\"Action\":\"CreateAccessKey\",\"UserName\":\"" + newUser() + "\"}")
                .send();
        assertThat(refusedCompat.json().get("RetCode").asInt()).isEqualTo(9507);
        assertThat(refusedCompat.json().get("Message").asString()).contains(finding);
        assertThat(refusedCompat.header("Retry-After")).isNotNull();
        assertThat(read(held).status()).isEqualTo(200);
        assertThat(api.call("GET", "/v1/access-keys?userName=" + user)
                        .token(Api.LEASED_ISSUER)
                        .send()
                        .status())
                .isEqualTo(200);
        assertThat(jdbc.queryForList(
                        "SELECT action FROM audit_event WHERE access_key_id = ? AND outcome = 'HALTED' ORDER BY id",
                        String.class,
                        held))
                .containsExactly("RENEW_ACCESS_KEY", "ROTATE_ACCESS_KEY");
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM audit_event WHERE action = 'CREATE_ACCESS_KEY' AND outcome = 'HALTED'"
                                + " AND detail LIKE '%database is behind its signed checkpoint%'",
                        Long.class))
                .isPositive();

        Path events = export();
        Path forked = Files.createDirectories(work.resolve("forked-sink"));
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, forked.resolve(file.getFileName()));
            }
        }
        Checkpoint agreed = checkpoints.latestStored().orElseThrow();
        long exportHead = maxEventId();
        new CheckpointDirectory(forked)
                .write(Checkpoint.sign(
                        agreed.sequence() + 1,
                        exportHead,
                        jdbc.queryForObject("SELECT hash FROM audit_event WHERE id = ?", String.class, exportHead),
                        exportHead,
                        clock.instant().truncatedTo(ChronoUnit.MICROS),
                        signing.current().orElseThrow(),
                        agreed.hash(),
                        agreed.firstVersion2EventId()));
        OfflineVerifierTests.Result onTheFork = OfflineVerifierTests.verify(events, forked, publicKey());
        assertThat(onTheFork.status()).isEqualTo(1);
        assertThat(onTheFork.out())
                .startsWith(
                        "NOT intact: the database is behind its signed checkpoint " + signedSequence + ": at least ")
                .contains("the histories part after event " + agreedHead + ",")
                .contains("the checkpoint sink holds two different signed checkpoints for sequence(s) " + signedSequence
                        + ", one over each history");

        assertThat(acknowledge(Api.ISSUER, "{\"reason\": \"checked\"}").status())
                .isEqualTo(403);
        assertThat(acknowledge(Api.ADMIN, "{}").text("parameter")).isEqualTo("reason");
        Api.Answer acknowledged = acknowledge(Api.ADMIN, "{\"reason\": \"INC-4711: standby promoted 5 s behind\"}");

        assertThat(acknowledged.status()).as(acknowledged.body()).isEqualTo(200);
        assertThat(acknowledged.json().get("checkpoint").asLong()).isEqualTo(signedSequence);
        assertThat(acknowledged.json().get("continuedByCheckpoint").asLong()).isEqualTo(signedSequence + 1);
        long acknowledgement = acknowledged.json().get("acknowledgementEventId").asLong();
        assertThat(jdbc.queryForObject(
                        "SELECT action || ' ' || outcome || ' ' || actor || ': ' || detail FROM audit_event WHERE id = ?",
                        String.class,
                        acknowledgement))
                .startsWith("ACKNOWLEDGE_AUDIT_LOSS SUCCEEDED test-admin: signed by checkpoint " + signedSequence
                        + " (hash " + signed.hash() + "): lost events " + (databaseHead + 1) + " to " + signedHead)
                .contains("parting after event " + agreedHead)
                .contains("the database's head was event " + databaseHead)
                .endsWith("; reason: INC-4711: standby promoted 5 s behind");
        assertThat(acknowledge(Api.ADMIN, "{\"reason\": \"again\"}").status()).isEqualTo(409);
        assertThat(jdbc.queryForList(
                        "SELECT outcome FROM audit_event WHERE action = 'ACKNOWLEDGE_AUDIT_LOSS' AND id > ? ORDER BY id",
                        String.class,
                        acknowledgement))
                .containsExactly("INVALID");
        assertThat(filesOf(signedSequence + 1)).hasSize(1);
        assertThat(checkpoints.latestStored().orElseThrow().previousHash()).isEqualTo(signed.hash());

        assertThat(renew(held).status()).isEqualTo(200);
        assertThat(rotate(held).status()).isEqualTo(201);
        assertThat(api.createKey(Api.ISSUER, newIdempotencyKey(), newUser()).status())
                .isEqualTo(201);
        assertThat(health().get("status").asString()).isEqualTo("UP");
        assertThat(scraped("keywarden_audit_database_behind")).isEqualTo("0.0");
        assertThat(verification().get("intact").asBoolean()).isTrue();
        assertThat(runCheckpointJob().text("outcome")).isEqualTo("SUCCEEDED");
        Path exported = export();
        OfflineVerifierTests.Result afterwards = OfflineVerifierTests.verify(exported, directory, publicKey());
        OfflineVerifierTests.Result asARange = OfflineVerifierTests.verify(exported, directory, publicKey(), "--range");
        assertThat(asARange.status()).as(asARange.out()).isZero();
        assertThat(afterwards.status()).as(afterwards.out()).isZero();
        assertThat(afterwards.out())
                .startsWith("intact: events 1 to ")
                .contains("note: acknowledged loss: checkpoint(s) " + signedSequence
                        + " were signed over a history the database lost (up to event " + signedHead + ")");
    }

    @Test
    void aRowWhoseContentWasEditedIsTamperingNotALoss() {
        assertThat(api.createKey(Api.ISSUER, newIdempotencyKey(), newUser()).status())
                .isEqualTo(201);
        assertThat(runCheckpointJob().text("outcome")).isEqualTo("SUCCEEDED");
        long edited = maxEventId() - 1;
        asOwner(
                "CREATE TABLE edited_audit_events AS SELECT * FROM audit_event WHERE id = " + edited,
                "ALTER TABLE audit_event DISABLE TRIGGER USER",
                "UPDATE audit_event SET detail = 'nothing happened' WHERE id = " + edited,
                "ALTER TABLE audit_event ENABLE TRIGGER USER");
        try {
            JsonNode verification = verification();

            assertThat(verification.get("intact").asBoolean()).isFalse();
            assertThat(verification.get("firstBrokenEventId").asLong()).isEqualTo(edited);
            assertThat(verification.get("reason").asString()).isEqualTo(AuditVerification.HASH_MISMATCH);
            assertThat(verification.has("databaseBehind")).isFalse();
            assertThat(health().get("details").get("finding").asString()).isEqualTo("none");
            assertThat(api.createKey(Api.ISSUER, newIdempotencyKey(), newUser()).status())
                    .isEqualTo(201);
        } finally {
            asOwner(
                    "ALTER TABLE audit_event DISABLE TRIGGER USER",
                    "UPDATE audit_event e SET detail = r.detail FROM edited_audit_events r WHERE e.id = r.id",
                    "ALTER TABLE audit_event ENABLE TRIGGER USER",
                    "DROP TABLE edited_audit_events");
        }
        assertThat(verification().get("intact").asBoolean()).isTrue();
    }

    /**
     * A second instance, which neither found nor acknowledged the loss, refuses too once it reads
     * the finding again ({@link AuditLosses#REFRESH}), and issues again once it reads that the loss
     * was acknowledged: nothing but the database tells it.
     */
    @Test
    void anotherInstanceRefusesOnceItReadsTheFindingAgain() {
        MovingClock time = new MovingClock(clock.instant());
        AuditLosses other = new AuditLosses(jdbc, audit, transactions, time, new SimpleMeterRegistry());
        other.requireNone();
        DatabaseBehind finding =
                new DatabaseBehind(7, "ab".repeat(32), 70, "cd".repeat(32), 60, 61, 62, "ef".repeat(32));
        losses.found(finding);
        try {
            other.requireNone();
            time.advance(AuditLosses.REFRESH.plusSeconds(1));

            assertThatThrownBy(other::requireNone)
                    .isInstanceOf(DatabaseBehindException.class)
                    .hasMessageContaining(finding.message());
        } finally {
            asOwner("DELETE FROM audit_loss WHERE continued_by_sequence IS NULL");
            losses.current();
        }
        time.advance(AuditLosses.REFRESH.plusSeconds(1));
        other.requireNone();
    }

    /** A clock a test moves on by hand. */
    private static final class MovingClock extends Clock {
        private Instant now;

        MovingClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private Api.Answer create(String token, String user, String ttl) {
        Api.Answer created = api.call("POST", "/v1/access-keys")
                .token(token)
                .header("Idempotency-Key", newIdempotencyKey())
                .json("{\"userName\": \"" + user + "\", " + ttl + "}")
                .send();
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created;
    }

    private Api.Answer renew(String key) {
        return api.call("POST", Api.keyPath(key) + "/renew")
                .token(Api.LEASED_ISSUER)
                .json("{\"ttl\": \"PT20M\"}")
                .send();
    }

    private Api.Answer rotate(String key) {
        return api.call("POST", Api.keyPath(key) + "/rotate")
                .token(Api.LEASED_ISSUER)
                .header("Idempotency-Key", newIdempotencyKey())
                .send();
    }

    private Api.Answer read(String key) {
        return api.call("GET", Api.keyPath(key)).token(Api.LEASED_ISSUER).send();
    }

    private Api.Answer acknowledge(String token, String body) {
        return api.call("POST", ACKNOWLEDGE).token(token).json(body).send();
    }

    private Api.Answer runCheckpointJob() {
        return api.call("POST", "/admin/v1/jobs/audit-checkpoint/runs")
                .token(Api.ADMIN)
                .send();
    }

    private JsonNode verification() {
        return api.call("GET", "/admin/v1/audit-events/verification")
                .token(Api.AUDITOR)
                .send()
                .json();
    }

    private JsonNode health() {
        return api.call("GET", "/actuator/health")
                .token(Api.ADMIN)
                .send()
                .json()
                .get("components")
                .get("auditDatabaseBehind");
    }

    private Path export() throws Exception {
        Path events = Files.createTempFile(work, "events", ".ndjson");
        Files.writeString(
                events,
                api.call("GET", "/admin/v1/audit-events/export")
                        .token(Api.AUDITOR)
                        .send()
                        .body());
        return events;
    }

    private Path publicKey() throws Exception {
        Path key = work.resolve("keywarden-audit.pem");
        Files.writeString(
                key,
                api.call("GET", "/admin/v1/audit-checkpoints/public-key")
                        .token(Api.AUDITOR)
                        .send()
                        .body());
        return key;
    }

    private List<String> filesOf(long sequence) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(path -> path.getFileName().toString())
                    .filter(name -> name.startsWith(String.format("checkpoint-%012d-", sequence)))
                    .toList();
        }
    }

    private long maxSequence() {
        return jdbc.queryForObject("SELECT max(sequence) FROM audit_checkpoint", Long.class);
    }

    private long maxEventId() {
        return jdbc.queryForObject("SELECT max(id) FROM audit_event", Long.class);
    }

    private void asOwner(String... statements) {
        JdbcTemplate owner = DatabaseOwner.jdbc(dataSource);
        for (String sql : statements) {
            owner.execute(sql);
        }
    }
}
