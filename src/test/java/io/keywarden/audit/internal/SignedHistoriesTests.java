package io.keywarden.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The comparison of signed checkpoints with the log's history, as plain objects: a log that ends
 * before a checkpoint's head, one that went on with events of its own at the same positions, and
 * one whose loss was acknowledged. Signatures are not its business ({@link CheckpointChain} checks
 * them first), so these checkpoints carry none.
 */
class SignedHistoriesTests {

    /** The log's hash of each event: "h1" to "h20" on the history keywarden signed. */
    private final Map<Long, String> signedHistory = new HashMap<>();

    private final Checkpoint first = checkpoint(1, 5, "h5", "0".repeat(64));
    private final Checkpoint second = checkpoint(2, 12, "h12", first.hash());
    private final Checkpoint third = checkpoint(3, 20, "h20", second.hash());

    SignedHistoriesTests() {
        for (long id = 1; id <= 20; id++) {
            signedHistory.put(id, "h" + id);
        }
    }

    @Test
    void aLogHoldingEveryHeadIsBehindNothing() {
        SignedHistories histories = compare(signedHistory, 20, Set.of());

        assertThat(histories.behind()).isEmpty();
        assertThat(histories.kept()).containsExactly(first, second, third);
    }

    @Test
    void aLogEndingBeforeTheNewestHeadLostTheEventsAfterItsEnd() {
        Map<Long, String> restored = upTo(9, signedHistory);

        DatabaseBehind behind = compare(restored, 9, Set.of()).behind().orElseThrow();

        assertThat(behind.checkpointSequence()).isEqualTo(3);
        assertThat(behind.agreedEventId()).isEqualTo(5);
        assertThat(behind.partedByEventId()).isEqualTo(10);
        assertThat(behind.eventsLost()).isEqualTo(11);
        assertThat(behind.message())
                .isEqualTo("the database is behind its signed checkpoint 3: at least 11 events lost, probably a"
                        + " failover (the histories part after event 5, the newest both hold, by event 10 at the"
                        + " latest; checkpoint 3 signed events up to 20; the database ends at event 9)");
    }

    @Test
    void aLogThatWentOnAtTheSamePositionsPartsAtTheFirstHeadItContradicts() {
        Map<Long, String> promoted = upTo(9, signedHistory);
        for (long id = 10; id <= 25; id++) {
            promoted.put(id, "new" + id);
        }

        DatabaseBehind behind = compare(promoted, 25, Set.of()).behind().orElseThrow();

        assertThat(behind.partedByEventId()).isEqualTo(12);
        assertThat(behind.eventsLost()).isEqualTo(9);
        assertThat(behind.forked()).isTrue();
        assertThat(behind.message())
                .contains("the database went on with events of its own to event 25, which no signed checkpoint holds");
    }

    @Test
    void anAcknowledgedLossSetsItsBranchApartAndStandsNoMore() {
        Map<Long, String> promoted = upTo(9, signedHistory);
        for (long id = 10; id <= 25; id++) {
            promoted.put(id, "new" + id);
        }
        Checkpoint continuation = checkpoint(4, 25, "new25", third.hash());

        SignedHistories histories = SignedHistories.compare(
                List.of(first, second, third, continuation), promoted, 25, "new25", Set.of(third.hash()));

        assertThat(histories.behind()).isEmpty();
        assertThat(histories.lost()).containsExactly(second, third);
        assertThat(histories.kept()).containsExactly(first, continuation);
    }

    @Test
    void aLossAfterTheAcknowledgedOneStandsAgain() {
        Map<Long, String> promoted = upTo(9, signedHistory);
        Checkpoint continuation = checkpoint(4, 9, "h9", third.hash());

        SignedHistories histories = SignedHistories.compare(
                List.of(first, second, third, continuation), upTo(8, promoted), 8, "h8", Set.of(third.hash()));

        assertThat(histories.behind().orElseThrow().checkpointSequence()).isEqualTo(4);
    }

    private SignedHistories compare(Map<Long, String> log, long head, Set<String> acknowledged) {
        return SignedHistories.compare(List.of(first, second, third), log, head, log.get(head), acknowledged);
    }

    private static Map<Long, String> upTo(long last, Map<Long, String> history) {
        Map<Long, String> kept = new HashMap<>();
        history.forEach((id, hash) -> {
            if (id <= last) {
                kept.put(id, hash);
            }
        });
        return kept;
    }

    private static Checkpoint checkpoint(long sequence, long head, String headHash, String previous) {
        return new Checkpoint(
                sequence,
                head,
                headHash,
                head,
                Instant.parse("2026-01-01T00:00:00Z").plusSeconds(sequence),
                "key",
                previous,
                1L,
                String.format("%064x", sequence * 1_000 + head),
                "unsigned");
    }
}
