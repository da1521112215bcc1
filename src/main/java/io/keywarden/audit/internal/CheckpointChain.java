package io.keywarden.audit.internal;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every checkpoint file of a sink, checked as one chain before any event is read: each must hash
 * and verify with a known key, count the events up to its head, and name by its hash a checkpoint
 * one sequence before it (the first, the genesis hash), whose head it moves past. Two files may
 * share a sequence: a checkpoint written and then rolled back leaves one where the sink cannot
 * delete it, and the next is signed again with that sequence. The chain is followed by hashes, so
 * such a leftover breaks nothing; it is still a signed statement of a head, checked against the
 * events like the others. Once a checkpoint pins where chain version 2 began, every later one must
 * pin the same event: a checkpoint without the pin after one with it was not signed by this
 * keywarden, and a pin that moves was read from a table someone changed.
 */
final class CheckpointChain {

    private final List<Checkpoint> checkpoints;
    private final String problem;

    private CheckpointChain(List<Checkpoint> checkpoints, String problem) {
        this.checkpoints = checkpoints;
        this.problem = problem;
    }

    static CheckpointChain check(List<Checkpoint> files, Map<String, PublicKey> keys) {
        return check(files, keys, List.of());
    }

    /**
     * Checks the chain apart from {@code lost}: the checkpoints of a branch whose loss an operator
     * acknowledged ({@link SignedHistories#lost}). They verify, and the next checkpoint still links
     * to the lost tip by hash, but it states a head of the history the log went on with, so it need
     * not move past the lost tip's head; and they are not among {@link #all}, which the events must match.
     */
    static CheckpointChain check(List<Checkpoint> files, Map<String, PublicKey> keys, List<Checkpoint> lost) {
        List<Checkpoint> checkpoints = new ArrayList<>(files);
        checkpoints.sort(Comparator.comparingLong(Checkpoint::sequence));
        String problem = problem(checkpoints, keys, new HashSet<>(lost));
        checkpoints.removeAll(lost);
        return new CheckpointChain(checkpoints, problem);
    }

    /** Why the checkpoints cannot be trusted, or {@code null} when they can. */
    String problem() {
        return problem;
    }

    List<Checkpoint> all() {
        return checkpoints;
    }

    /** The checkpoint with the highest sequence (of those sharing it, the one with the later head). */
    Optional<Checkpoint> newest() {
        return checkpoints.stream()
                .max(Comparator.comparingLong(Checkpoint::sequence).thenComparingLong(Checkpoint::headEventId));
    }

    /** The newest checkpoint that pins where chain version 2 began: every pinned one pins the same event. */
    Optional<Checkpoint> newestPinned() {
        return checkpoints.stream().filter(Checkpoint::pinned).max(Comparator.comparingLong(Checkpoint::sequence));
    }

    /** Checkpoints that no later one links to, besides the newest: written, then rolled back. */
    long offTheChain() {
        Set<String> named = new HashSet<>();
        checkpoints.forEach(checkpoint -> named.add(checkpoint.previousHash()));
        long ends = checkpoints.stream()
                .filter(checkpoint -> !named.contains(checkpoint.hash()))
                .count();
        return Math.max(0, ends - 1);
    }

    private static String problem(List<Checkpoint> checkpoints, Map<String, PublicKey> keys, Set<Checkpoint> lost) {
        Map<String, Checkpoint> byHash = new HashMap<>();
        Map<Long, Checkpoint> byHead = new HashMap<>();
        for (Checkpoint checkpoint : checkpoints) {
            String problem = checkpoint.problem(keys);
            if (problem != null) {
                return problem;
            }
            if (checkpoint.eventCount() != checkpoint.headEventId()) {
                return "checkpoint " + checkpoint.sequence() + " counts " + checkpoint.eventCount()
                        + " events, but its head is event " + checkpoint.headEventId();
            }
            byHash.put(checkpoint.hash(), checkpoint);
            if (lost.contains(checkpoint)) {
                continue;
            }
            Checkpoint sameHead = byHead.putIfAbsent(checkpoint.headEventId(), checkpoint);
            if (sameHead != null && !sameHead.headHash().equals(checkpoint.headHash())) {
                return "checkpoints " + sameHead.sequence() + " and " + checkpoint.sequence()
                        + " record different hashes for event " + checkpoint.headEventId();
            }
        }
        for (Checkpoint checkpoint : checkpoints) {
            if (lost.contains(checkpoint)) {
                continue;
            }
            String problem = linkProblem(checkpoint, byHash, lost);
            if (problem != null) {
                return problem;
            }
        }
        return pinProblem(checkpoints.stream().filter(c -> !lost.contains(c)).toList());
    }

    private static String linkProblem(Checkpoint checkpoint, Map<String, Checkpoint> byHash, Set<Checkpoint> lost) {
        if (checkpoint.sequence() == 1) {
            return AuditChain.GENESIS.equals(checkpoint.previousHash())
                    ? null
                    : "checkpoint 1 does not start the checkpoint chain";
        }
        Checkpoint previous = byHash.get(checkpoint.previousHash());
        if (previous == null || previous.sequence() != checkpoint.sequence() - 1) {
            return "checkpoint " + checkpoint.sequence() + " does not link to checkpoint " + (checkpoint.sequence() - 1)
                    + " (missing or different)";
        }
        if (!lost.contains(previous) && previous.headEventId() >= checkpoint.headEventId()) {
            return "checkpoint " + checkpoint.sequence() + " does not move past the head of checkpoint "
                    + previous.sequence() + " (event " + previous.headEventId() + ")";
        }
        return null;
    }

    private static String pinProblem(List<Checkpoint> checkpoints) {
        Checkpoint pinned = null;
        for (Checkpoint checkpoint : checkpoints) {
            if (checkpoint.pinned()
                    && (checkpoint.firstVersion2EventId() < 1
                            || checkpoint.firstVersion2EventId() > checkpoint.headEventId() + 1)) {
                return "checkpoint " + checkpoint.sequence() + " pins chain version 2 from event "
                        + checkpoint.firstVersion2EventId() + ", outside its log of "
                        + checkpoint.headEventId() + " events";
            }
            if (pinned == null) {
                pinned = checkpoint.pinned() ? checkpoint : null;
            } else if (checkpoint.sequence() > pinned.sequence() && !checkpoint.pinned()) {
                return "checkpoint " + checkpoint.sequence() + " does not pin where chain version 2 began,"
                        + " but checkpoint " + pinned.sequence() + " before it does: it was signed by an older"
                        + " keywarden, or with its signing key by someone else";
            } else if (checkpoint.pinned()
                    && !checkpoint.firstVersion2EventId().equals(pinned.firstVersion2EventId())) {
                return "checkpoint " + checkpoint.sequence() + " pins chain version 2 from event "
                        + checkpoint.firstVersion2EventId() + ", but checkpoint " + pinned.sequence()
                        + " pinned it from event " + pinned.firstVersion2EventId();
            }
        }
        return null;
    }
}
