package io.keywarden.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.audit.VerifyAuditCommand;
import io.keywarden.support.Api;
import io.keywarden.support.ApplicationTestBase;
import io.keywarden.support.KeywardenTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The offline verifier on what an auditor gets: the NDJSON export over HTTP, the checkpoint
 * directory and the PEM public keys. No database and no chain key are handed to it: it runs
 * through the same entry point as {@code java -jar keywarden.jar verify-audit}.
 */
@KeywardenTest
class OfflineVerifierTests extends ApplicationTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Another Ed25519 seed, the key a roll brings in. */
    private static final String NEXT_KEY = "PCEZIiNtz9EkJthwM4yB2+mzkX/2lX8QhSv6yVRhGJQ=";

    @Value("${keywarden.audit.checkpoint.directory}")
    Path directory;

    @Value("${keywarden.audit.chain-key}")
    String chainKey;

    @TempDir
    Path work;

    Path events;
    Path publicKey;
    List<String> lines;

    @BeforeEach
    void exportAfterACheckpoint() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(api.createKey(Api.ISSUER, newIdempotencyKey(), newUser()).status())
                    .isEqualTo(201);
        }
        assertThat(api.call("POST", "/admin/v1/jobs/audit-checkpoint/runs")
                        .token(Api.ADMIN)
                        .send()
                        .status())
                .isEqualTo(201);
        Api.Answer export = api.call("GET", "/admin/v1/audit-events/export")
                .token(Api.AUDITOR)
                .send();
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.header("Content-Type")).startsWith("application/x-ndjson");
        events = work.resolve("events.ndjson");
        Files.writeString(events, export.body());
        lines = new ArrayList<>(Files.readAllLines(events));
        publicKey = work.resolve("keywarden-audit.pem");
        Files.writeString(
                publicKey,
                api.call("GET", "/admin/v1/audit-checkpoints/public-key")
                        .token(Api.AUDITOR)
                        .send()
                        .body());
    }

    @Test
    void anIntactExportVerifies() {
        Result result = verify(events, directory, publicKey);

        assertThat(result.status()).isZero();
        assertThat(result.out()).startsWith("intact: events 1 to " + lines.size() + " (" + lines.size() + " events)");
    }

    @Test
    void anEditedEventIsNamedWithItsHashMismatch() throws Exception {
        int index = lines.size() / 2;
        ObjectNode event = (ObjectNode) JSON.readTree(lines.get(index));
        event.put("outcome", "SUCCEEDED".equals(event.get("outcome").asString()) ? "DENIED" : "SUCCEEDED");
        lines.set(index, JSON.writeValueAsString(event));

        Result result = verify(write(lines), directory, publicKey);

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out()).contains("first bad event " + (index + 1) + ": hash mismatch");
    }

    @Test
    void reorderedEventsAreNamedAtTheFirstOutOfPlace() throws Exception {
        int index = lines.size() / 3;
        Collections.swap(lines, index, index + 1);

        Result result = verify(write(lines), directory, publicKey);

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out()).contains("first bad event " + (index + 2) + ": missing event before this one");
    }

    @Test
    void aTruncatedExportIsBehindTheCheckpoint() throws Exception {
        List<String> truncated = lines.subList(0, lines.size() - 2);

        Result result = verify(write(truncated), directory, publicKey);

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out())
                .startsWith("NOT intact: the database is behind its signed checkpoint ")
                .contains(": at least 2 events lost, probably a failover")
                .contains("the database ends at event " + (lines.size() - 2));
    }

    @Test
    void anExportWithoutItsFirstEventsIsRefusedUnlessItIsARange() throws Exception {
        Path tail = write(lines.subList(5, lines.size()));

        Result whole = verify(tail, directory, publicKey);
        Result range = verify(tail, directory, publicKey, "--range");

        assertThat(whole.status()).isEqualTo(1);
        assertThat(whole.out())
                .startsWith("NOT intact: the export starts at event 6, not at event 1")
                .contains("--range");
        assertThat(range.status()).isZero();
        assertThat(range.out()).startsWith("intact: events 6 to " + lines.size());
    }

    @Test
    void anExportFromTheApiWithFromIsARangeAndNeedsRange() throws Exception {
        Path from = work.resolve("from.ndjson");
        Files.writeString(
                from,
                api.call("GET", "/admin/v1/audit-events/export?from=2&to=" + (lines.size() - 1))
                        .token(Api.AUDITOR)
                        .send()
                        .body());

        Result whole = verify(from, directory, publicKey);
        Result range = verify(from, directory, publicKey, "--range");

        assertThat(whole.status()).isEqualTo(1);
        assertThat(whole.out()).startsWith("NOT intact: the export starts at event 2, not at event 1");
        assertThat(range.status()).isZero();
        assertThat(range.out()).startsWith("intact: events 2 to " + (lines.size() - 1));
    }

    @Test
    void firstEventsRelabelledAsChainVersion1WithAnEditedActorAreRefused() throws Exception {
        for (int i = 0; i < 5; i++) {
            ObjectNode event = (ObjectNode) JSON.readTree(lines.get(i));
            event.put("chainVersion", AuditChain.HMAC);
            event.put("keyId", AuditChain.CHAIN_KEY_ID);
            if (i == 2) {
                event.put("actor", "someone-else");
            }
            lines.set(i, JSON.writeValueAsString(event));
        }
        Path relabelled = write(lines);

        Result withoutChainKey = verify(relabelled, directory, publicKey);
        Result withChainKey = verify(
                relabelled, directory, publicKey, "--chain-key", chainKey().toString());

        assertThat(withoutChainKey.status()).isEqualTo(1);
        assertThat(withoutChainKey.out())
                .startsWith("NOT intact: first bad event 1: labelled chain version 1, but checkpoint ")
                .contains("pins chain version 2 from event 1");
        assertThat(withChainKey.status()).isEqualTo(1);
        assertThat(withChainKey.out()).startsWith("NOT intact: first bad event 1: labelled chain version 1");
    }

    @Test
    void aKeyRollVerifiesAcrossTheRollWithBothPublicKeys() throws Exception {
        SigningKey next = SigningKey.parse("test", NEXT_KEY);
        Path rolled = work.resolve("rolled-checkpoints");
        Files.createDirectories(rolled);
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, rolled.resolve(file.getFileName()));
            }
        }
        List<Checkpoint> before = new CheckpointDirectory(rolled).all();
        Checkpoint last = before.get(before.size() - 1);
        StoredAuditEvent previous = event(lines.get(lines.size() - 1));
        StoredAuditEvent roll = new StoredAuditEvent(
                previous.id() + 1,
                Instant.parse("2030-01-01T00:00:00Z"),
                "keywarden",
                "ROLL_AUDIT_SIGNING_KEY",
                "SUCCEEDED",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                "checkpoint signing key " + last.keyId() + " rolled to " + next.id(),
                null,
                null,
                previous.hash(),
                null,
                AuditChain.SHA256,
                next.id());
        roll = roll.withHash(AuditChain.of(null).hash(previous.hash(), roll));
        new CheckpointDirectory(rolled)
                .write(Checkpoint.sign(
                        last.sequence() + 1,
                        roll.id(),
                        roll.hash(),
                        roll.id(),
                        roll.occurredAt(),
                        next,
                        last.hash(),
                        last.firstVersion2EventId()));
        List<String> continued = new ArrayList<>(lines);
        continued.add(AuditEventExport.line(roll).trim());
        Path both = work.resolve("both.pem");
        Files.writeString(both, Files.readString(publicKey) + SigningKey.pem(next.publicKey()));

        Result acrossTheRoll = verify(write(continued), rolled, both);
        Result withTheOldKeyOnly = verify(write(continued), rolled, publicKey);

        assertThat(acrossTheRoll.status()).isZero();
        assertThat(acrossTheRoll.out()).startsWith("intact: events 1 to " + roll.id());
        assertThat(withTheOldKeyOnly.status()).isEqualTo(1);
        assertThat(withTheOldKeyOnly.out())
                .contains("checkpoint " + (last.sequence() + 1) + " is signed by key " + next.id()
                        + ", which is not among the public keys");
    }

    @Test
    void aCommandWithoutItsFilesIsAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = VerifyAuditCommand.run(
                new String[] {"--events", events.toString()},
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("usage: java -jar keywarden.jar verify-audit");
    }

    private Path write(List<String> content) throws Exception {
        Path file = Files.createTempFile(work, "export", ".ndjson");
        Files.write(file, content);
        return file;
    }

    /** The last exported event, enough of it to chain the next one to. */
    private static StoredAuditEvent event(String line) {
        ObjectNode node = (ObjectNode) JSON.readTree(line);
        return new StoredAuditEvent(
                node.get("id").asLong(),
                Instant.parse(node.get("occurredAt").asString()),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                node.get("previousHash").asString(),
                node.get("hash").asString(),
                node.get("chainVersion").asInt(),
                node.get("keyId").asString());
    }

    private Path chainKey() throws Exception {
        Path file = work.resolve("chain-key");
        Files.writeString(file, chainKey + "\n");
        return file;
    }

    /** {@code java -jar keywarden.jar verify-audit --events … --checkpoints … --public-key … [more]}. */
    static Result verify(Path events, Path checkpoints, Path publicKey, String... more) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of(
                "--events",
                events.toString(),
                "--checkpoints",
                checkpoints.toString(),
                "--public-key",
                publicKey.toString()));
        args.addAll(List.of(more));
        int status = VerifyAuditCommand.run(
                args.toArray(String[]::new),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
    }

    record Result(int status, String out) {}
}
