package io.keywarden.audit.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the log holds at the heads of some signed checkpoints, and its own head: the few rows
 * {@link SignedHistories} compares the sink with, read in one statement each.
 *
 * @param hashes the hash of each asked event the log holds
 * @param headId the log's newest event, 0 when it is empty
 * @param headHash its hash, the genesis hash when empty
 */
record LogHeads(Map<Long, String> hashes, long headId, String headHash) {

    static LogHeads read(JdbcTemplate jdbc, Collection<Checkpoint> checkpoints) {
        Map<Long, String> hashes = new HashMap<>();
        List<Long> ids =
                checkpoints.stream().map(Checkpoint::headEventId).distinct().toList();
        if (!ids.isEmpty()) {
            String marks = ids.stream().map(id -> "?").collect(Collectors.joining(", "));
            jdbc.query(
                    "SELECT id, hash FROM audit_event WHERE id IN (" + marks + ")",
                    rs -> {
                        hashes.put(rs.getLong(1), rs.getString(2));
                    },
                    ids.toArray());
        }
        List<LogHeads> head = jdbc.query(
                "SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1",
                (rs, n) -> new LogHeads(hashes, rs.getLong(1), rs.getString(2)));
        return head.isEmpty() ? new LogHeads(hashes, 0, AuditChain.GENESIS) : head.get(0);
    }

    SignedHistories compare(List<Checkpoint> files, Set<String> acknowledged) {
        return SignedHistories.compare(files, hashes, headId, headHash, acknowledged);
    }
}
