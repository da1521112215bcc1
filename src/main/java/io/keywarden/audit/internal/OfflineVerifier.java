package io.keywarden.audit.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies an export of the audit log against the signed checkpoints with nothing but public
 * keys: no database, no Spring, no chain key (events of the HMAC chain, version 1, are checked
 * only when one is given). Every checkpoint must hash and verify with a known key and link to its
 * predecessor; every event must follow the chain and carry the hash a checkpoint recorded for it;
 * and the export must reach the latest checkpoint's head. It names the first thing that fails.
 */
public final class OfflineVerifier {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, PublicKey> keys = new LinkedHashMap<>();
    private final byte[] chainKey;
    private final boolean range;

    public OfflineVerifier(List<PublicKey> publicKeys, byte[] chainKeyOrNull, boolean range) {
        publicKeys.forEach(key -> keys.put(SigningKey.id(key), key));
        this.chainKey = chainKeyOrNull;
        this.range = range;
    }

    /** Verifies; prints what it found and answers whether the log is intact. */
    public boolean verify(Path events, Path checkpointDirectory, PrintStream out) throws IOException {
        List<Checkpoint> checkpoints = new CheckpointDirectory(checkpointDirectory).all();
        String problem = checkpointProblem(checkpoints);
        if (problem != null) {
            out.println("NOT intact: " + problem);
            return false;
        }
        AuditChain.Hasher hasher = AuditChain.of(chainKey).hasher();
        ChainWalk walk = new ChainWalk(hasher);
        long first = -1;
        long lineNumber = 0;
        try (BufferedReader lines = Files.newBufferedReader(events, StandardCharsets.UTF_8)) {
            String line;
            while ((line = lines.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                StoredAuditEvent event;
                try {
                    event = event(JSON.readTree(line));
                } catch (RuntimeException ex) {
                    out.println("NOT intact: line " + lineNumber + " of the export is not an audit event");
                    return false;
                }
                if (first < 0) {
                    first = event.id();
                    if (first > 1) {
                        walk.after(first - 1, event.previousHash());
                    }
                    anchor(walk, checkpoints, first);
                }
                if (!walk.accept(event)) {
                    break;
                }
            }
        }
        AuditVerification result = walk.result();
        if (!result.intact()) {
            out.println("NOT intact: first bad event " + result.firstBrokenEventId() + ": " + result.reason());
            return false;
        }
        out.println("intact: events " + (first < 0 ? 0 : first) + " to " + walk.lastId() + " ("
                + result.eventsChecked() + " events), " + checkpoints.size() + " checkpoints"
                + (checkpoints.isEmpty()
                        ? ""
                        : ", the latest ("
                                + checkpoints.get(checkpoints.size() - 1).sequence() + ") covering "
                                + checkpoints.get(checkpoints.size() - 1).eventCount() + " events")
                + ", head hash " + result.headHash());
        if (walk.unchecked() > 0) {
            out.println("note: " + walk.unchecked() + " events of the HMAC chain (version 1) were linked but not"
                    + " rehashed: pass --chain-key to check them");
        }
        if (first > 1) {
            out.println("note: the export starts at event " + first + "; the events before it were not checked");
        }
        return true;
    }

    private void anchor(ChainWalk walk, List<Checkpoint> checkpoints, long first) {
        for (Checkpoint checkpoint : checkpoints) {
            if (checkpoint.headEventId() >= first) {
                walk.anchoredTo(checkpoint);
            }
        }
        if (range) {
            walk.endingAnywhere();
        }
    }

    private String checkpointProblem(List<Checkpoint> checkpoints) {
        Map<Long, Checkpoint> bySequence = new HashMap<>();
        for (Checkpoint checkpoint : checkpoints) {
            String problem = checkpoint.problem(keys);
            if (problem != null) {
                return problem;
            }
            bySequence.put(checkpoint.sequence(), checkpoint);
        }
        for (Checkpoint checkpoint : checkpoints) {
            if (checkpoint.sequence() == 1) {
                if (!AuditChain.GENESIS.equals(checkpoint.previousHash())) {
                    return "checkpoint 1 does not start the checkpoint chain";
                }
                continue;
            }
            Checkpoint previous = bySequence.get(checkpoint.sequence() - 1);
            if (previous == null || !previous.hash().equals(checkpoint.previousHash())) {
                return "checkpoint " + checkpoint.sequence() + " does not link to checkpoint "
                        + (checkpoint.sequence() - 1) + " (missing or different)";
            }
        }
        return null;
    }

    private static StoredAuditEvent event(JsonNode node) {
        return new StoredAuditEvent(
                node.required("id").asLong(),
                Instant.parse(node.required("occurredAt").asString()),
                text(node, "actor"),
                text(node, "action"),
                text(node, "outcome"),
                text(node, "userName"),
                text(node, "accessKeyId"),
                node.path("upstreamRetCode").isNumber()
                        ? node.get("upstreamRetCode").asInt()
                        : null,
                text(node, "upstreamRequestId"),
                text(node, "idempotencyKey"),
                text(node, "requestId"),
                text(node, "clientAddress"),
                text(node, "detail"),
                text(node, "tokenSubject"),
                text(node, "tokenId"),
                text(node, "previousHash"),
                text(node, "hash"),
                node.required("chainVersion").asInt(),
                text(node, "keyId"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    /** Reads the public keys (PEM, several allowed) and the optional chain key (base64) from files. */
    public static OfflineVerifier fromFiles(Path publicKeyFile, Path chainKeyFile, boolean range)
            throws IOException, GeneralSecurityException {
        List<PublicKey> keys = SigningKey.readPem(Files.readString(publicKeyFile, StandardCharsets.US_ASCII));
        if (keys.isEmpty()) {
            throw new GeneralSecurityException("no PEM public key in " + publicKeyFile);
        }
        byte[] chainKey = chainKeyFile == null
                ? null
                : Base64.getDecoder()
                        .decode(Files.readString(chainKeyFile, StandardCharsets.US_ASCII)
                                .trim());
        return new OfflineVerifier(keys, chainKey, range);
    }
}
