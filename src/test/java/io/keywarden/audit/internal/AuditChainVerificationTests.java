package io.keywarden.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.keywarden.events.AuditBroken;
import io.keywarden.support.Api;
import io.keywarden.support.KeywardenTest;
import io.keywarden.support.RecordedEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * Verification of the real log over HTTP, and of broken chains on copies of it
 * ({@link AuditTableCopy}), since the shared log must stay intact for the other tests.
 */
@KeywardenTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditChainVerificationTests {

    @Autowired
    AuditLosses losses;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    AuditChain chain;

    @Autowired
    AuditChainVerifier verifier;

    @Autowired
    AuditSigning signing;

    @Autowired
    AuditProperties properties;

    @Autowired
    Clock clock;

    @Autowired
    AuditCheckpoints checkpoints;

    @Autowired
    ApplicationEventPublisher publisher;

    @Autowired
    RecordedEvents events;

    @Value("${server.port}")
    int port;

    Api api;

    @BeforeAll
    void seed() {
        api = new Api(port);
        AuditSeed.append(jdbc, transactions, chain, 10_000);
    }

    @Test
    void theSeededLogVerifiesIntactUpToItsHead() {
        long started = System.nanoTime();
        Api.Answer answer = api.call("GET", "/admin/v1/audit-events/verification")
                .token(Api.AUDITOR)
                .send();
        long millis = (System.nanoTime() - started) / 1_000_000;

        long count = jdbc.queryForObject("SELECT count(*) FROM audit_event", Long.class);
        String head = jdbc.queryForObject("SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1", String.class);
        JsonNode json = answer.json();
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
        assertThat(json.get("intact").asBoolean()).isTrue();
        assertThat(json.get("eventsChecked").asLong()).isEqualTo(count).isGreaterThanOrEqualTo(10_000);
        assertThat(json.has("firstBrokenEventId")).isTrue();
        assertThat(json.get("firstBrokenEventId").isNull()).isTrue();
        assertThat(json.get("headHash").asString()).isEqualTo(head);
        assertThat(json.has("reason")).isFalse();
        System.out.printf("Verified %d audit events over HTTP in %d ms%n", count, millis);
    }

    @Test
    void anAdminMayVerifyToo() {
        Api.Answer answer = api.call("GET", "/admin/v1/audit-events/verification")
                .token(Api.ADMIN)
                .send();

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("intact").asBoolean()).isTrue();
    }

    @Test
    void anEmptyLogIsIntactWithTheGenesisHead() throws Exception {
        try (AuditTableCopy copy = AuditTableCopy.of(jdbc, dataSource, false)) {
            assertThat(copy.verify(chain)).isEqualTo(new AuditVerification(true, 0, null, AuditChain.GENESIS, null));
        }
    }

    @Test
    void aDetailChangedByTheDatabaseOwnerIsTheFirstBrokenEvent() throws Exception {
        try (AuditTableCopy copy = AuditTableCopy.of(jdbc, dataSource, true)) {
            long id = middleId(copy);
            assertThat(copy.verify(chain).intact()).isTrue();
            assertThatThrownBy(() -> copy.jdbc().update("UPDATE audit_event SET detail = 'x' WHERE id = ?", id))
                    .isInstanceOf(DataAccessException.class);

            copy.asOwner("UPDATE audit_event SET detail = 'nothing happened here' WHERE id = ?", id);

            assertThat(copy.verify(chain))
                    .isEqualTo(new AuditVerification(
                            false, id, id, hashOf(copy, id - 1), AuditVerification.HASH_MISMATCH));
        }
    }

    @Test
    void aWalkThatFindsTheChainBrokenPublishesAuditBrokenWithTheFirstBrokenEvent() throws Exception {
        try (AuditTableCopy copy = AuditTableCopy.of(jdbc, dataSource, true)) {
            long id = middleId(copy);
            copy.asOwner("UPDATE audit_event SET detail = 'nothing happened here' WHERE id = ?", id);
            AuditVerifications walks = new AuditVerifications(
                    new AuditChainVerifier(copy.jdbc(), chain),
                    checkpoints,
                    publisher,
                    transactions,
                    clock,
                    new SimpleMeterRegistry());

            AuditVerification found = copy.inTransaction(walks::walkInTurn);

            assertThat(found.intact()).isFalse();
            await().atMost(Duration.ofSeconds(10)).until(() -> !brokenAt(id).isEmpty());
            assertThat(brokenAt(id))
                    .singleElement()
                    .isEqualTo(new AuditBroken.Data(id, found.eventsChecked(), AuditVerification.HASH_MISMATCH));
        }
    }

    /** What the audit.broken events received say of a chain broken at this event. */
    private List<AuditBroken.Data> brokenAt(long id) {
        return events.received(AuditBroken.class).stream()
                .map(AuditBroken::data)
                .filter(data -> Long.valueOf(id).equals(data.firstBrokenEventId()))
                .toList();
    }

    @Test
    void aDeletedEventIsReportedAtTheEventAfterTheGap() throws Exception {
        try (AuditTableCopy copy = AuditTableCopy.of(jdbc, dataSource, true)) {
            long id = middleId(copy);

            copy.asOwner("DELETE FROM audit_event WHERE id = ?", id);

            assertThat(copy.verify(chain))
                    .isEqualTo(new AuditVerification(
                            false, id, id + 1, hashOf(copy, id - 1), AuditVerification.MISSING_EVENT));
        }
    }

    @Test
    void deletingTheFirstEventIsReportedAtTheSecond() throws Exception {
        try (AuditTableCopy copy = AuditTableCopy.of(jdbc, dataSource, true)) {
            copy.asOwner("DELETE FROM audit_event WHERE id = 1");

            assertThat(copy.verify(chain))
                    .isEqualTo(
                            new AuditVerification(false, 1, 2L, AuditChain.GENESIS, AuditVerification.MISSING_EVENT));
        }
    }

    @Test
    void aPreviousHashThatDoesNotLinkIsReported() throws Exception {
        try (AuditTableCopy copy = AuditTableCopy.of(jdbc, dataSource, true)) {
            long id = middleId(copy);

            copy.asOwner("UPDATE audit_event SET previous_hash = ? WHERE id = ?", AuditChain.GENESIS, id);

            assertThat(copy.verify(chain))
                    .isEqualTo(
                            new AuditVerification(false, id, id, hashOf(copy, id - 1), AuditVerification.BROKEN_LINK));
        }
    }

    @Test
    void aRowRehashedWithoutTheChainKeyIsReported() throws Exception {
        try (AuditTableCopy copy = AuditTableCopy.of(jdbc, dataSource, true)) {
            long id = middleId(copy);

            copy.asOwner(
                    "UPDATE audit_event SET outcome = 'SUCCEEDED',"
                            + " hash = encode(sha256(convert_to(previous_hash || 'forged', 'UTF8')), 'hex') WHERE id = ?",
                    id);

            assertThat(copy.verify(chain).firstBrokenEventId()).isEqualTo(id);
            assertThat(copy.verify(chain).reason()).isEqualTo(AuditVerification.HASH_MISMATCH);
        }
    }

    @Test
    void onAnUpgradedLogTheFirstPinnedCheckpointPinsTheUpgradeAndLaterOnesCarryItOver(@TempDir Path sink)
            throws Exception {
        try (AuditTableCopy copy = AuditTableCopy.of(jdbc, dataSource, false).withCheckpointTable(jdbc)) {
            String previous = AuditChain.GENESIS;
            for (long id = 1; id <= 6; id++) {
                previous = insert(copy, id, previous, id <= 3 ? AuditChain.HMAC : AuditChain.SHA256);
            }
            SigningKey key = signing.current().orElseThrow();
            String third = hashOf(copy, 3);
            Checkpoint beforeThePin = Checkpoint.sign(
                    1, 3, third, 3, Instant.parse("2026-01-01T00:00:00Z"), key, AuditChain.GENESIS, null);
            copy.jdbc()
                    .update(
                            "INSERT INTO audit_checkpoint (" + AuditCheckpoints.COLUMNS
                                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            1,
                            3,
                            third,
                            3,
                            Timestamp.from(beforeThePin.createdAt()),
                            key.id(),
                            AuditChain.GENESIS,
                            null,
                            beforeThePin.hash(),
                            beforeThePin.signature());
            new CheckpointDirectory(sink).write(beforeThePin);
            AuditProperties inSink = new AuditProperties(
                    properties.chainKey(),
                    properties.signingKey(),
                    properties.previousPublicKeys(),
                    new AuditProperties.Checkpoints(
                            true, properties.checkpoint().interval(), sink, null));
            AuditCheckpoints checkpoints = new AuditCheckpoints(
                    copy.jdbc(),
                    signing,
                    new CheckpointSinks(inSink, RestClient.builder(), new SimpleMeterRegistry()),
                    inSink,
                    clock,
                    losses);

            Checkpoint pinned = copy.inTransaction(checkpoints::checkpoint).orElseThrow();
            AuditVerification beforeRelabelling = copy.verify(chain, pinned);
            copy.asOwner("UPDATE audit_event SET chain_version = 1, key_id = 'chain-key' WHERE id = 4");
            insert(copy, 7, hashOf(copy, 6), AuditChain.SHA256);
            Checkpoint carried = copy.inTransaction(checkpoints::checkpoint).orElseThrow();
            AuditVerification afterRelabelling = copy.verify(chain, carried);

            assertThat(pinned.firstVersion2EventId()).isEqualTo(4);
            assertThat(beforeRelabelling.intact()).isTrue();
            assertThat(carried.firstVersion2EventId()).isEqualTo(4);
            assertThat(afterRelabelling.firstBrokenEventId()).isEqualTo(4);
            assertThat(afterRelabelling.reason())
                    .isEqualTo("labelled chain version 1, but checkpoint 3 pins chain version 2 from event 4");
        }
    }

    /** Appends an event to the copy as keywarden would have, in the given chain version; answers its hash. */
    private String insert(AuditTableCopy copy, long id, String previous, int version) {
        StoredAuditEvent event = new StoredAuditEvent(
                id,
                Instant.parse("2026-01-01T00:00:00Z").plusSeconds(id),
                version == AuditChain.HMAC || id > 4 ? "payments-service" : "keywarden",
                version == AuditChain.HMAC || id > 4 ? "CREATE_ACCESS_KEY" : "UPGRADE_AUDIT_CHAIN",
                "SUCCEEDED",
                "payments-batch",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                previous,
                null,
                version,
                version == AuditChain.HMAC ? AuditChain.CHAIN_KEY_ID : signing.currentKeyId());
        event = event.withHash(chain.hash(previous, event));
        copy.jdbc()
                .update(
                        "INSERT INTO audit_event (" + AuditEventRows.COLUMNS
                                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        event.id(),
                        Timestamp.from(event.occurredAt()),
                        event.actor(),
                        event.action(),
                        event.outcome(),
                        event.userName(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        event.previousHash(),
                        event.hash(),
                        event.chainVersion(),
                        event.keyId());
        return event.hash();
    }

    @Test
    void theVerifierWalksTenThousandEventsQuickly() {
        long started = System.nanoTime();
        AuditVerification result = verifier.verify();
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(result.intact()).isTrue();
        assertThat(result.eventsChecked()).isGreaterThanOrEqualTo(10_000);
        assertThat(millis).isLessThan(10_000);
        System.out.printf("Verified %d audit events in %d ms%n", result.eventsChecked(), millis);
    }

    private static long middleId(AuditTableCopy copy) {
        return copy.jdbc().queryForObject("SELECT max(id) / 2 FROM audit_event", Long.class);
    }

    private static String hashOf(AuditTableCopy copy, long id) {
        return copy.jdbc().queryForObject("SELECT hash FROM audit_event WHERE id = ?", String.class, id);
    }
}
