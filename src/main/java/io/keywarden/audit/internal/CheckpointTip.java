package io.keywarden.audit.internal;

import java.security.PublicKey;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The newest checkpoints of the directory sink, compared with the newest row of {@code
 * audit_checkpoint}. The row is what the checkpoint writer would link the next checkpoint to, and
 * the database's owners can change it; the files are out of their reach. So the row must be one of
 * the sink's files, field for field, and the sink may hold after it only checkpoints that link to
 * it by hash, one sequence later: those were written and then rolled back (or their row is not
 * committed yet), and are still true statements of their heads. Anything else means the table was
 * changed, and a checkpoint linked to the row would fork the sink's chain: a row whose hash or
 * another field differs from its file, a row the sink does not hold, or checkpoints in the sink
 * past the row's sequence that the table no longer lists (deleted rows, or a database restored
 * from an older backup). Leftovers that share the row's sequence are followed past by hash, as
 * {@link CheckpointChain} does, and are no alarm.
 *
 * <p>Only the sink's newest files are read (from the row's sequence on): the whole chain of files
 * is what the offline verifier checks.
 */
final class CheckpointTip {

    private static final CheckpointTip NONE = new CheckpointTip(List.of(), null, null);

    private final List<Checkpoint> checkpoints;
    private final String sinkProblem;
    private final String forkProblem;

    private CheckpointTip(List<Checkpoint> checkpoints, String sinkProblem, String forkProblem) {
        this.checkpoints = checkpoints;
        this.sinkProblem = sinkProblem;
        this.forkProblem = forkProblem;
    }

    /** Nothing to compare with: checkpoints are off. */
    static CheckpointTip none() {
        return NONE;
    }

    /** A sink holding these checkpoints, which agree with the database (for tests of the walk). */
    static CheckpointTip trusting(Checkpoint... checkpoints) {
        return new CheckpointTip(List.of(checkpoints), null, null);
    }

    /**
     * Compares the database's newest checkpoint with the sink's files from its sequence on (all of
     * them when the database lists none).
     */
    static CheckpointTip compare(
            Optional<Checkpoint> stored, CheckpointDirectory.Tail sink, Map<String, PublicKey> keys) {
        List<Checkpoint> files = sink.checkpoints();
        for (Checkpoint file : files) {
            String problem = file.problem(keys);
            if (problem != null) {
                return new CheckpointTip(files, problem, null);
            }
        }
        long sequence = stored.map(Checkpoint::sequence).orElse(0L);
        if (sink.newest() < sequence) {
            return new CheckpointTip(
                    files,
                    "the checkpoint sink's latest is " + sink.newest() + ", but the database lists checkpoint "
                            + sequence,
                    null);
        }
        return new CheckpointTip(files, null, forkProblem(stored, sink.newest(), files));
    }

    private static String forkProblem(Optional<Checkpoint> stored, long newest, List<Checkpoint> files) {
        long sequence = stored.map(Checkpoint::sequence).orElse(0L);
        String hash = stored.map(Checkpoint::hash).orElse(AuditChain.GENESIS);
        if (stored.isPresent()) {
            Checkpoint row = stored.get();
            List<Checkpoint> same =
                    files.stream().filter(file -> file.sequence() == sequence).toList();
            if (same.isEmpty()) {
                return "checkpoint " + sequence + " in the database (hash " + prefix(row.hash())
                        + ") is not in the checkpoint sink, which holds checkpoints up to " + newest
                        + ": the row was changed in the database, or the sink lost the file";
            }
            if (same.stream().noneMatch(row::equals)) {
                return "checkpoint " + sequence + " in the database (hash " + prefix(row.hash())
                        + ") differs from the checkpoint sink's (hash "
                        + prefix(same.get(0).hash())
                        + "): the row was changed in the database";
            }
        }
        if (newest > sequence + 1) {
            return "the checkpoint sink holds checkpoints up to " + newest + ", but the database lists "
                    + (stored.isPresent() ? "checkpoints only up to " + sequence : "none")
                    + ": checkpoints were deleted from the database, or it was restored from an older backup";
        }
        for (Checkpoint file : files) {
            if (file.sequence() > sequence && !file.previousHash().equals(hash)) {
                return "checkpoint " + file.sequence() + " in the checkpoint sink does not link to "
                        + (stored.isPresent() ? "checkpoint " + sequence + " in the database" : "the genesis hash")
                        + ": the database's checkpoints were changed";
            }
        }
        return null;
    }

    /** Why the sink cannot vouch for anything (a file that does not verify, checkpoints it lacks), or {@code null}. */
    String sinkProblem() {
        return sinkProblem;
    }

    /**
     * Why the database's checkpoints contradict the sink, naming the checkpoint, or {@code null}:
     * a checkpoint linked to the database's newest would fork the sink's chain.
     */
    String forkProblem() {
        return forkProblem;
    }

    /** The sink's files read: at the database's newest sequence and after it. Each states a head of the log. */
    List<Checkpoint> checkpoints() {
        return checkpoints;
    }

    /** The sink's files past this sequence: checkpoints written whose rows the database does not list. */
    List<Checkpoint> after(long sequence) {
        return checkpoints.stream()
                .filter(checkpoint -> checkpoint.sequence() > sequence)
                .toList();
    }

    /** The newest of the files that pins where chain version 2 began. */
    Optional<Checkpoint> newestPinned() {
        return checkpoints.stream().filter(Checkpoint::pinned).max(Comparator.comparingLong(Checkpoint::sequence));
    }

    private static String prefix(String hash) {
        return hash == null || hash.length() < 16 ? String.valueOf(hash) : hash.substring(0, 16) + "...";
    }
}
