package io.keywarden.audit.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The checkpoint sink that counts: a directory outside the database with one file per
 * checkpoint, created once and never rewritten ({@code checkpoint-<sequence>-<hash prefix>.json}),
 * meant for a write-once volume or a bucket with object lock. keywarden removes a file only when
 * the checkpoint it wrote was rolled back; where the volume refuses that (or the process died
 * first), the hash prefix in the name keeps the leftover from blocking the next checkpoint with
 * the same sequence, and verification follows the checkpoints' hashes past it. Reading it needs no
 * Spring and no database: the offline verifier uses it too.
 */
public final class CheckpointDirectory {

    private static final Pattern NAME = Pattern.compile("checkpoint-(\\d{12})-[0-9a-f]{16}\\.json");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path directory;

    public CheckpointDirectory(Path directory) {
        this.directory = directory;
    }

    Path path() {
        return directory;
    }

    /**
     * Writes the checkpoint's file and forces it to disk; an existing file is never replaced. A
     * file this call created but could not finish is removed, so no half-written checkpoint stays.
     */
    Path write(Checkpoint checkpoint) throws IOException {
        Files.createDirectories(directory);
        Path file = file(checkpoint);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            try {
                ByteBuffer bytes = ByteBuffer.wrap(checkpoint.json().getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            } catch (IOException | RuntimeException ex) {
                Files.deleteIfExists(file);
                throw ex;
            }
        }
        return file;
    }

    /** Removes the checkpoint's file, written by {@link #write} for a checkpoint that was then rolled back. */
    void remove(Checkpoint checkpoint) throws IOException {
        Files.deleteIfExists(file(checkpoint));
    }

    private Path file(Checkpoint checkpoint) {
        return directory.resolve(String.format(
                "checkpoint-%012d-%s.json",
                checkpoint.sequence(), checkpoint.hash().substring(0, 16)));
    }

    /**
     * The checkpoints from {@code sequence} on, read from their files (by sequence), and the
     * highest sequence among all the files' names (0 when there are none): one listing of the
     * directory, and only the newest files read.
     */
    Tail tail(long sequence) throws IOException {
        long newest = 0;
        List<Path> newer = new ArrayList<>();
        try (Stream<Path> files = checkpointFiles()) {
            for (Path file : (Iterable<Path>) files::iterator) {
                long named = sequence(file);
                newest = Math.max(newest, named);
                if (named >= sequence) {
                    newer.add(file);
                }
            }
        }
        newer.sort(Comparator.comparing(path -> path.getFileName().toString()));
        List<Checkpoint> checkpoints = new ArrayList<>();
        for (Path file : newer) {
            checkpoints.add(read(file));
        }
        return new Tail(newest, checkpoints);
    }

    private static long sequence(Path file) {
        Matcher name = NAME.matcher(file.getFileName().toString());
        if (!name.matches()) {
            throw new IllegalArgumentException("not a checkpoint file: " + file.getFileName());
        }
        return Long.parseLong(name.group(1));
    }

    /** Every checkpoint, by sequence. */
    public List<Checkpoint> all() throws IOException {
        List<Checkpoint> all = new ArrayList<>();
        try (Stream<Path> files = checkpointFiles()) {
            for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                all.add(read(file));
            }
        }
        return all;
    }

    private Stream<Path> checkpointFiles() throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new IOException("checkpoint directory " + directory + " does not exist or is no directory");
        }
        return Files.list(directory)
                .filter(path -> NAME.matcher(path.getFileName().toString()).matches());
    }

    static Checkpoint read(Path file) throws IOException {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (RuntimeException ex) {
            throw new IOException("checkpoint file " + file.getFileName() + " is not a checkpoint", ex);
        }
    }

    static Checkpoint parse(String json) {
        JsonNode node = JSON.readTree(json);
        return new Checkpoint(
                node.required("sequence").asLong(),
                node.required("headEventId").asLong(),
                node.required("headHash").asString(),
                node.required("eventCount").asLong(),
                Instant.parse(node.required("createdAt").asString()),
                node.required("keyId").asString(),
                node.required("previousHash").asString(),
                node.hasNonNull("firstVersion2EventId")
                        ? node.get("firstVersion2EventId").asLong()
                        : null,
                node.required("hash").asString(),
                node.required("signature").asString());
    }

    /**
     * The newest files of the directory.
     *
     * @param newest the highest sequence any file is named with, 0 when there is none
     * @param checkpoints the checkpoints from the asked sequence on, by sequence
     */
    record Tail(long newest, List<Checkpoint> checkpoints) {}
}
