package io.keywarden.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.audit.internal.OfflineVerifierTests.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify-audit} on a log upgraded from the HMAC chain: events 1 to 5 of version 1, then
 * version 2 from event 6 (the upgrade event), a checkpoint signed before checkpoints pinned that
 * point and two signed after. Such a log cannot be made by the running application, whose log is
 * born on version 2, so it is built here with the test keys, as keywarden would have written it.
 */
class UpgradedLogVerificationTests {

    private static final String CHAIN_KEY = "YSKwZOlCbTUfniHvpEDG+WIsmCjyIYabfNgyJ+sufFA=";
    private static final SigningKey SIGNING_KEY =
            SigningKey.parse("test", "KxTRcipx0WdjRIMscoFPnL5aYKqHab7wz3CnB7S4H+c=");
    private static final AuditChain KEYED = AuditChain.of(Base64.getDecoder().decode(CHAIN_KEY));

    @TempDir
    Path work;

    Path checkpoints;
    Path publicKey;
    Path chainKey;
    List<StoredAuditEvent> log;

    @BeforeEach
    void anUpgradedLog() throws Exception {
        checkpoints = Files.createDirectories(work.resolve("checkpoints"));
        publicKey = Files.writeString(work.resolve("keywarden-audit.pem"), SigningKey.pem(SIGNING_KEY.publicKey()));
        chainKey = Files.writeString(work.resolve("chain-key"), CHAIN_KEY + "\n");
        log = chain(5, 5);
    }

    @Test
    void withTheChainKeyItVerifiesAcrossCheckpointsSignedBeforeAndAfterThePin() throws Exception {
        signed(null, 6L, 6L);

        Result result = verify(log, "--chain-key", chainKey.toString());

        assertThat(result.status()).as(result.out()).isZero();
        assertThat(result.out()).startsWith("intact: events 1 to 10 (10 events), 3 checkpoints");
    }

    @Test
    void withoutTheChainKeyItIsNotVerifiedAndSaysThatTheChainKeyVerifiesTheVersion1Events() throws Exception {
        signed(null, 6L, 6L);

        Result result = verify(log);

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out())
                .startsWith("NOT verified: events 1 to 5 are of chain version 1")
                .contains("--chain-key FILE (the base64 chain key) verifies them")
                .contains("events 1 to 10 (10 events)");
    }

    @Test
    void anUpgradeEventRelabelledAsVersion1IsRefusedEvenWithTheChainKey() throws Exception {
        signed(null, 6L, 6L);
        StoredAuditEvent upgrade = log.get(5);
        log.set(5, relabelled(upgrade, upgrade.actor()));

        Result result = verify(log, "--chain-key", chainKey.toString());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out())
                .startsWith("NOT intact: first bad event 6: labelled chain version 1, but checkpoint 3 pins chain"
                        + " version 2 from event 6");
    }

    @Test
    void checkpointsSignedBeforeThePinStillVerifyButCannotMakeRelabelledEventsPass() throws Exception {
        log = chain(0, 10);
        signed(null, null, null);
        List<StoredAuditEvent> relabelled = new ArrayList<>(log);
        for (int i = 0; i < 5; i++) {
            relabelled.set(
                    i,
                    relabelled(log.get(i), i == 2 ? "someone-else" : log.get(i).actor()));
        }

        Result untouched = verify(log);
        Result withoutChainKey = verify(relabelled);
        Result withChainKey = verify(relabelled, "--chain-key", chainKey.toString());

        assertThat(untouched.status()).as(untouched.out()).isZero();
        assertThat(untouched.out()).contains("note: the checkpoints were signed before they pinned");
        assertThat(withoutChainKey.status()).isEqualTo(1);
        assertThat(withoutChainKey.out()).startsWith("NOT verified: events 1 to 5 are of chain version 1");
        assertThat(withChainKey.status()).isEqualTo(1);
        assertThat(withChainKey.out()).startsWith("NOT intact: first bad event 1: hash mismatch");
    }

    @Test
    void aCheckpointWithoutThePinAfterOneWithItIsRefused() throws Exception {
        signed(null, 6L, null);

        Result result = verify(log, "--chain-key", chainKey.toString());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out())
                .startsWith("NOT intact: checkpoint 3 does not pin where chain version 2 began, but checkpoint 2"
                        + " before it does");
    }

    @Test
    void aPinThatMovesIsRefused() throws Exception {
        signed(null, 6L, 9L);

        Result result = verify(log, "--chain-key", chainKey.toString());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out())
                .startsWith("NOT intact: checkpoint 3 pins chain version 2 from event 9, but checkpoint 2 pinned it"
                        + " from event 6");
    }

    @Test
    void aRolledBackCheckpointSharingASequenceIsFollowedPastByItsHash() throws Exception {
        List<Checkpoint> chain = signed(null, 6L, 6L);
        write(sign(2, log.get(6), chain.get(0).hash(), 6L, Instant.parse("2026-01-01T00:01:00Z")));

        Result result = verify(log, "--chain-key", chainKey.toString());

        assertThat(result.status()).as(result.out()).isZero();
        assertThat(result.out())
                .startsWith("intact: events 1 to 10 (10 events), 4 checkpoints, the latest (3)")
                .contains("note: 1 checkpoint(s) share a sequence with the chain's");
    }

    @Test
    void aRolledBackCheckpointIsStillCheckedAgainstTheEvents() throws Exception {
        List<Checkpoint> chain = signed(null, 6L, 6L);
        StoredAuditEvent seventh = log.get(6).withHash("ab".repeat(32));
        write(sign(2, seventh, chain.get(0).hash(), 6L, Instant.parse("2026-01-01T00:01:00Z")));

        Result result = verify(log, "--chain-key", chainKey.toString());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out())
                .startsWith("NOT intact: the database is behind its signed checkpoint 2: at least 1 events lost");
    }

    @Test
    void aCheckpointMissingBesideALeftoverOfItsSequenceBreaksTheChain() throws Exception {
        List<Checkpoint> chain = signed(null, 6L, 6L);
        write(sign(2, log.get(6), chain.get(0).hash(), 6L, Instant.parse("2026-01-01T00:01:00Z")));
        Files.delete(checkpoints.resolve(
                String.format("checkpoint-%012d-%s.json", 2, chain.get(1).hash().substring(0, 16))));

        Result result = verify(log, "--chain-key", chainKey.toString());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out()).startsWith("NOT intact: checkpoint 3 does not link to checkpoint 2");
    }

    @Test
    void anEmptyExportIsEveryEventDeleted() throws Exception {
        signed(null, 6L, 6L);

        Result result = verify(List.of(), "--chain-key", chainKey.toString());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out())
                .startsWith("NOT intact: the database is behind its signed checkpoint 3: at least 10 events lost");
    }

    /** Checkpoints of events 5, 8 and 10, pinning as given ({@code null}: signed before the pin). */
    private List<Checkpoint> signed(Long first, Long second, Long third) throws Exception {
        List<Checkpoint> chain = new ArrayList<>();
        Long[] pins = {first, second, third};
        int[] heads = {5, 8, 10};
        String previous = AuditChain.GENESIS;
        for (int i = 0; i < 3; i++) {
            Checkpoint checkpoint = sign(
                    i + 1,
                    log.get(heads[i] - 1),
                    previous,
                    pins[i],
                    Instant.parse("2026-01-02T00:00:00Z").plusSeconds(i));
            write(checkpoint);
            chain.add(checkpoint);
            previous = checkpoint.hash();
        }
        return chain;
    }

    private static Checkpoint sign(long sequence, StoredAuditEvent head, String previous, Long pin, Instant at) {
        return Checkpoint.sign(sequence, head.id(), head.hash(), head.id(), at, SIGNING_KEY, previous, pin);
    }

    private void write(Checkpoint checkpoint) throws Exception {
        new CheckpointDirectory(checkpoints).write(checkpoint);
    }

    private Result verify(List<StoredAuditEvent> events, String... more) throws Exception {
        Path export = Files.createTempFile(work, "events", ".ndjson");
        StringBuilder lines = new StringBuilder();
        events.forEach(event -> lines.append(AuditEventExport.line(event)));
        Files.writeString(export, lines);
        return OfflineVerifierTests.verify(export, checkpoints, publicKey, more);
    }

    /** The event as a database owner relabels it: version 1, the chain key's id, its hash kept. */
    private static StoredAuditEvent relabelled(StoredAuditEvent event, String actor) {
        return new StoredAuditEvent(
                event.id(),
                event.occurredAt(),
                actor,
                event.action(),
                event.outcome(),
                event.userName(),
                event.accessKeyId(),
                event.upstreamRetCode(),
                event.upstreamRequestId(),
                event.idempotencyKey(),
                event.requestId(),
                event.clientAddress(),
                event.detail(),
                event.tokenSubject(),
                event.tokenId(),
                event.previousHash(),
                event.hash(),
                AuditChain.HMAC,
                AuditChain.CHAIN_KEY_ID);
    }

    private static List<StoredAuditEvent> chain(int hmacEvents, int publicEvents) {
        List<StoredAuditEvent> log = new ArrayList<>();
        String previous = AuditChain.GENESIS;
        for (int i = 1; i <= hmacEvents + publicEvents; i++) {
            boolean hmac = i <= hmacEvents;
            StoredAuditEvent event = new StoredAuditEvent(
                    i,
                    Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i),
                    i == hmacEvents + 1 && hmacEvents > 0 ? "keywarden" : "payments-service",
                    i == hmacEvents + 1 && hmacEvents > 0 ? "UPGRADE_AUDIT_CHAIN" : "CREATE_ACCESS_KEY",
                    "SUCCEEDED",
                    i == hmacEvents + 1 && hmacEvents > 0 ? null : "payments-batch",
                    i == hmacEvents + 1 && hmacEvents > 0 ? null : "4E9UU0VhqsOd6DXIMzWuhbAiOgVrwPLMzxnVTj0vVCY=",
                    null,
                    null,
                    null,
                    "3f0c7a1e-2b4d-4e5f-8a9b-" + String.format("%012d", i),
                    "10.0.0.7",
                    null,
                    null,
                    null,
                    previous,
                    null,
                    hmac ? AuditChain.HMAC : AuditChain.SHA256,
                    hmac ? AuditChain.CHAIN_KEY_ID : SIGNING_KEY.id());
            event = event.withHash(KEYED.hash(previous, event));
            log.add(event);
            previous = event.hash();
        }
        return log;
    }
}
