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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies an export of the audit log against the signed checkpoints with nothing but public
 * keys: no database, no Spring. The checkpoints must form one chain ({@link CheckpointChain});
 * every event must follow the chain, carry the hash each checkpoint recorded for it and the chain
 * version the checkpoints pin for it; and the export must hold the whole log, from event 1 to at
 * least the newest checkpoint's head, unless it is declared a range. A whole export that lacks a
 * signed checkpoint's head, or holds it with another hash, is behind what keywarden signed (a
 * failover lost acknowledged commits, or the newest events were deleted): that is named as such,
 * with where the histories part and how many events are missing, unless an operator acknowledged
 * the loss in the log and a checkpoint signed after it continues the chain. Events of the HMAC chain
 * (version 1) are rehashed only with the chain key: without it the log is not called intact while
 * it holds one, since their content could have been changed. It names the first thing that fails.
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

    /** Verifies; prints what it found and answers whether the log is intact and wholly checked. */
    public boolean verify(Path events, Path checkpointDirectory, PrintStream out) throws IOException {
        List<Checkpoint> files = new CheckpointDirectory(checkpointDirectory).all();
        for (Checkpoint file : files) {
            String problem = file.problem(keys);
            if (problem != null) {
                out.println("NOT intact: " + problem);
                return false;
            }
        }
        ExportHeads export = ExportHeads.read(events, files);
        SignedHistories histories = export.compare(files, range);
        if (!range && export.whole() && histories.behind().isPresent()) {
            out.println("NOT intact: " + histories.behind().get().message() + forks(files, histories));
            return false;
        }
        List<Checkpoint> lost = histories.lost();
        CheckpointChain checkpoints = CheckpointChain.check(files, keys, lost);
        if (checkpoints.problem() != null) {
            out.println("NOT intact: " + checkpoints.problem());
            return false;
        }
        ChainWalk walk = new ChainWalk(AuditChain.of(chainKey).hasher());
        checkpoints.newestPinned().ifPresent(walk::pinnedBy);
        if (!range) {
            checkpoints.all().forEach(walk::anchoredTo);
        }
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
                    if (!range && first != 1) {
                        out.println("NOT intact: the export starts at event " + first + ", not at event 1: the"
                                + " events before it are missing (to verify part of the log, export it with from"
                                + " and to and add --range)");
                        return false;
                    }
                    if (range) {
                        startRange(walk, checkpoints, event);
                    }
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
        if (range && first < 0) {
            out.println("NOT verified: the export holds no events");
            return false;
        }
        String summary = summary(checkpoints, walk, result, first);
        if (walk.unchecked() > 0) {
            out.println("NOT verified: events " + walk.firstUnchecked() + " to " + walk.lastUnchecked()
                    + " are of chain version 1, hashed with the HMAC chain key before the upgrade to the public"
                    + " chain; without the key their content cannot be checked. --chain-key FILE (the base64"
                    + " chain key) verifies them. The rest was checked: " + summary);
            return false;
        }
        out.println("intact: " + summary);
        notes(checkpoints, walk, first, out);
        acknowledged(lost, out);
        return true;
    }

    /** The sequences for which the sink holds two different signed checkpoints, one of each history. */
    private static String forks(List<Checkpoint> files, SignedHistories histories) {
        Set<Long> kept = new TreeSet<>();
        histories.kept().forEach(checkpoint -> kept.add(checkpoint.sequence()));
        Set<Long> forked = new TreeSet<>();
        files.stream()
                .filter(file -> !histories.kept().contains(file) && kept.contains(file.sequence()))
                .forEach(file -> forked.add(file.sequence()));
        return forked.isEmpty()
                ? ""
                : "; the checkpoint sink holds two different signed checkpoints for sequence(s) "
                        + forked.stream().map(String::valueOf).collect(Collectors.joining(", "))
                        + ", one over each history, and no acknowledgement of the loss";
    }

    /** One note per acknowledged loss: its lost checkpoints are consecutive, the next one continues. */
    private static void acknowledged(List<Checkpoint> lost, PrintStream out) {
        List<Checkpoint> sorted = lost.stream()
                .sorted(Comparator.comparingLong(Checkpoint::sequence))
                .toList();
        List<Checkpoint> branch = new java.util.ArrayList<>();
        for (Checkpoint checkpoint : sorted) {
            if (!branch.isEmpty()
                    && checkpoint.sequence() != branch.get(branch.size() - 1).sequence() + 1) {
                acknowledgedBranch(branch, out);
                branch.clear();
            }
            branch.add(checkpoint);
        }
        if (!branch.isEmpty()) {
            acknowledgedBranch(branch, out);
        }
    }

    private static void acknowledgedBranch(List<Checkpoint> branch, PrintStream out) {
        Checkpoint tip = branch.get(branch.size() - 1);
        out.println("note: acknowledged loss: checkpoint(s) "
                + branch.stream()
                        .map(checkpoint -> String.valueOf(checkpoint.sequence()))
                        .collect(Collectors.joining(", "))
                + " were signed over a history the database lost (up to event " + tip.headEventId()
                + "); an operator acknowledged it in the log, and checkpoint " + (tip.sequence() + 1)
                + " continues from there over the history the export holds");
    }

    private static void startRange(ChainWalk walk, CheckpointChain checkpoints, StoredAuditEvent first) {
        if (first.id() > 1) {
            walk.after(first.id() - 1, first.previousHash());
        }
        for (Checkpoint checkpoint : checkpoints.all()) {
            if (checkpoint.headEventId() >= first.id()) {
                walk.anchoredTo(checkpoint);
            }
        }
        walk.endingAnywhere();
    }

    private static String summary(CheckpointChain checkpoints, ChainWalk walk, AuditVerification result, long first) {
        return "events " + Math.max(first, 0) + " to " + walk.lastId() + " (" + result.eventsChecked() + " events), "
                + checkpoints.all().size() + " checkpoints"
                + checkpoints
                        .newest()
                        .map(newest ->
                                ", the latest (" + newest.sequence() + ") covering " + newest.eventCount() + " events")
                        .orElse("")
                + ", head hash " + result.headHash();
    }

    private void notes(CheckpointChain checkpoints, ChainWalk walk, long first, PrintStream out) {
        if (first > 1) {
            out.println("note: the export starts at event " + first + "; the events before it were not checked");
        }
        long covered = checkpoints.newest().map(Checkpoint::headEventId).orElse(0L);
        if (walk.lastId() > covered) {
            out.println("note: events " + Math.max(covered + 1, first) + " to " + walk.lastId()
                    + " come after the latest checkpoint: the chain links them, no checkpoint anchors them yet");
        }
        long offTheChain = checkpoints.offTheChain();
        if (offTheChain > 0) {
            out.println("note: " + offTheChain + " checkpoint(s) share a sequence with the chain's but no later one"
                    + " links to them (written, then rolled back); they match the events too");
        }
        if (checkpoints.newestPinned().isEmpty() && !checkpoints.all().isEmpty()) {
            out.println("note: the checkpoints were signed before they pinned where chain version 2 began; they"
                    + " vouch for their heads and counts only");
        }
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
                node.required("previousHash").asString(),
                node.required("hash").asString(),
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
