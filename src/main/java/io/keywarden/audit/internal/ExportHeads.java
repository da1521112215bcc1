package io.keywarden.audit.internal;

import io.keywarden.audit.AuditAction;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A first pass over an export, for the offline verifier to compare the sink with the history the
 * export holds before it walks it ({@link SignedHistories}): the hash of each event that a signed
 * checkpoint names as its head, the export's last event, and the acknowledgements of losses. Lines
 * that are not events are skipped here; the walk names them.
 */
final class ExportHeads {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<Long, String> hashes = new HashMap<>();
    private final Map<Long, String> acknowledgements = new HashMap<>();
    private long firstId = -1;
    private long lastId;
    private String lastHash = AuditChain.GENESIS;

    static ExportHeads read(Path events, List<Checkpoint> checkpoints) throws IOException {
        Set<Long> heads = new HashSet<>();
        checkpoints.forEach(checkpoint -> heads.add(checkpoint.headEventId()));
        ExportHeads scan = new ExportHeads();
        try (BufferedReader lines = Files.newBufferedReader(events, StandardCharsets.UTF_8)) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.isBlank()) {
                    scan.accept(line, heads);
                }
            }
        }
        return scan;
    }

    private void accept(String line, Set<Long> heads) {
        long id;
        String hash;
        JsonNode node;
        try {
            node = JSON.readTree(line);
            id = node.required("id").asLong();
            hash = node.required("hash").asString();
        } catch (RuntimeException ex) {
            return;
        }
        if (heads.contains(id)) {
            hashes.put(id, hash);
        }
        if (AuditAction.ACKNOWLEDGE_AUDIT_LOSS.name().equals(node.path("action").asString(""))) {
            LossAcknowledgement.checkpointHash(node.path("detail").asString(null))
                    .ifPresent(tip -> acknowledgements.put(id, tip));
        }
        firstId = firstId < 0 ? id : firstId;
        lastId = id;
        lastHash = hash;
    }

    /**
     * Whether the export can be compared with the checkpoints as a whole log: it starts at event 1,
     * or holds no event at all (every signed event is then missing). One that starts later is
     * refused as incomplete by the walk, which says so.
     */
    boolean whole() {
        return firstId <= 1;
    }

    /**
     * The lost tips acknowledged in the export that a signed checkpoint vouches for: one that links
     * to the tip by hash and whose head, at or after the acknowledgement, the export holds. An
     * acknowledgement nothing signed after it could have been written by anyone who can write the
     * database, and explains nothing.
     */
    Set<String> acknowledgedTips(List<Checkpoint> checkpoints) {
        Set<String> tips = new HashSet<>();
        acknowledgements.forEach((eventId, tip) -> {
            boolean vouched = checkpoints.stream()
                    .anyMatch(next -> next.previousHash().equals(tip)
                            && next.headEventId() >= eventId
                            && next.headHash().equals(hashes.get(next.headEventId())));
            if (vouched) {
                tips.add(tip);
            }
        });
        return tips;
    }

    /** Whether the export holds any acknowledgement of a loss, vouched for or not. */
    boolean acknowledges() {
        return !acknowledgements.isEmpty();
    }

    /**
     * The checkpoints compared with the export. A range says nothing of the events outside it: the
     * heads there are taken as the export's, so only what it holds can contradict a checkpoint.
     */
    SignedHistories compare(List<Checkpoint> checkpoints, boolean range) {
        Map<Long, String> known = hashes;
        if (range) {
            known = new HashMap<>(hashes);
            for (Checkpoint checkpoint : checkpoints) {
                if (checkpoint.headEventId() < firstId || checkpoint.headEventId() > lastId) {
                    known.put(checkpoint.headEventId(), checkpoint.headHash());
                }
            }
        }
        return SignedHistories.compare(checkpoints, known, lastId, lastHash, acknowledgedTips(checkpoints));
    }
}
