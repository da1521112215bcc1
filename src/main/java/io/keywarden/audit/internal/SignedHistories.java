package io.keywarden.audit.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The sink's signed checkpoints compared with the history the log holds, by their heads alone: a
 * checkpoint whose head event the log lacks, or holds with another hash, was signed over a history
 * the log no longer has ({@link DatabaseBehind}). Checkpoints on a branch an operator acknowledged
 * as lost are set apart: from the tip the acknowledgement names, back by hash while the log
 * contradicts them. The rest are the ones the log must match, event by event, in a walk. Pure, so
 * the checkpoint job, the verification and the offline verifier decide alike.
 */
final class SignedHistories {

    private final List<Checkpoint> kept;
    private final List<Checkpoint> lost;
    private final DatabaseBehind behind;

    private SignedHistories(List<Checkpoint> kept, List<Checkpoint> lost, DatabaseBehind behind) {
        this.kept = kept;
        this.lost = lost;
        this.behind = behind;
    }

    /**
     * @param files the sink's checkpoints
     * @param heads the log's hash of each event it holds among the checkpoints' heads
     * @param headId the log's newest event (0 when empty)
     * @param headHash its hash
     * @param acknowledged the hashes of the checkpoints whose loss an operator acknowledged
     */
    static SignedHistories compare(
            List<Checkpoint> files, Map<Long, String> heads, long headId, String headHash, Set<String> acknowledged) {
        Set<Checkpoint> contradicted = new HashSet<>();
        for (Checkpoint file : files) {
            if (!file.headHash().equals(heads.get(file.headEventId()))) {
                contradicted.add(file);
            }
        }
        Set<Checkpoint> lost = lostBranches(files, contradicted, acknowledged);
        List<Checkpoint> kept = new ArrayList<>();
        List<Checkpoint> standing = new ArrayList<>();
        for (Checkpoint file : files) {
            if (lost.contains(file)) {
                continue;
            }
            if (contradicted.contains(file)) {
                standing.add(file);
            } else {
                kept.add(file);
            }
        }
        DatabaseBehind behind =
                standing.isEmpty() ? null : finding(standing, contradicted, byHash(files), heads, headId, headHash);
        List<Checkpoint> set = files.stream().filter(lost::contains).toList();
        return new SignedHistories(kept, set, behind);
    }

    private static Set<Checkpoint> lostBranches(
            List<Checkpoint> files, Set<Checkpoint> contradicted, Set<String> acknowledged) {
        Map<String, Checkpoint> byHash = byHash(files);
        Set<Checkpoint> lost = new HashSet<>();
        for (String tip : acknowledged) {
            for (Checkpoint at = byHash.get(tip); at != null && contradicted.contains(at); ) {
                lost.add(at);
                at = byHash.get(at.previousHash());
            }
        }
        return lost;
    }

    private static Map<String, Checkpoint> byHash(List<Checkpoint> files) {
        Map<String, Checkpoint> byHash = new HashMap<>();
        files.forEach(file -> byHash.put(file.hash(), file));
        return byHash;
    }

    /**
     * The finding, naming the newest contradicted checkpoint. The histories share the head of its
     * newest ancestor the log agrees with (followed back by hash), and part by the lowest head the
     * log contradicts, or just past the log's end.
     */
    private static DatabaseBehind finding(
            List<Checkpoint> standing,
            Set<Checkpoint> contradicted,
            Map<String, Checkpoint> byHash,
            Map<Long, String> heads,
            long headId,
            String headHash) {
        Checkpoint newest = standing.stream()
                .max(Comparator.comparingLong(Checkpoint::sequence).thenComparingLong(Checkpoint::headEventId))
                .orElseThrow();
        // Hashes chain: once one event differs or is missing, every later one does too.
        long parted = headId + 1;
        for (Checkpoint file : standing) {
            if (heads.containsKey(file.headEventId()) || file.headEventId() <= headId) {
                parted = Math.min(parted, file.headEventId());
            }
        }
        Checkpoint ancestor = newest;
        while (ancestor != null && contradicted.contains(ancestor)) {
            ancestor = byHash.get(ancestor.previousHash());
        }
        long agreed = ancestor == null ? 0 : Math.min(ancestor.headEventId(), parted - 1);
        return new DatabaseBehind(
                newest.sequence(),
                newest.hash(),
                newest.headEventId(),
                newest.headHash(),
                agreed,
                parted,
                headId,
                headHash);
    }

    /** The checkpoints the log must match: neither contradicted by it nor on an acknowledged lost branch. */
    List<Checkpoint> kept() {
        return kept;
    }

    /** The checkpoints of acknowledged losses: signed over a history the log no longer has, and explained. */
    List<Checkpoint> lost() {
        return lost;
    }

    /** The log is behind a signed checkpoint nobody acknowledged, or empty. */
    Optional<DatabaseBehind> behind() {
        return Optional.ofNullable(behind);
    }
}
