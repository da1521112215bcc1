package io.keywarden.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Status;
import org.springframework.web.client.RestClient;

/**
 * The sinks outside the database: a checkpoint goes to the directory as a file of its own and to
 * the HTTP endpoint, and a sink that cannot take or give one is a metric, a DOWN health component
 * and an exception, never a silent pass.
 */
class CheckpointSinksTests {

    private static final String SEED = "KxTRcipx0WdjRIMscoFPnL5aYKqHab7wz3CnB7S4H+c=";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @TempDir
    Path work;

    @Test
    void aCheckpointGoesToTheDirectoryOnceAndToTheEndpoint() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/checkpoints", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/checkpoints");
            CheckpointSinks sinks = sinks(work.resolve("checkpoints"), endpoint);
            Checkpoint checkpoint = checkpoint();

            sinks.write(checkpoint);

            assertThat(sinks.tip(Optional.of(checkpoint), keys()).checkpoints()).containsExactly(checkpoint);
            assertThat(received).containsExactly(checkpoint.json());
            assertThat(checkpoint.problem(new AuditSigning(properties(work, null)).publicKeys()))
                    .isNull();
            assertThatThrownBy(() -> sinks.write(checkpoint))
                    .isInstanceOf(CheckpointSinks.SinkFailedException.class)
                    .hasMessageContaining("FileAlreadyExistsException");
            assertThat(sinks.tip(Optional.of(checkpoint), keys()).checkpoints()).containsExactly(checkpoint);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aDirectoryThatCannotBeWrittenIsAMetricAndADownHealth() throws Exception {
        Path notADirectory = Files.writeString(work.resolve("a-file"), "x");
        CheckpointSinks sinks = sinks(notADirectory, null);
        double before = registry.get("keywarden.audit.checkpoint.sink.failures")
                .counter()
                .count();

        assertThatThrownBy(() -> sinks.write(checkpoint())).isInstanceOf(CheckpointSinks.SinkFailedException.class);

        assertThat(registry.get("keywarden.audit.checkpoint.sink.failures")
                        .counter()
                        .count())
                .isEqualTo(before + 1);
        assertThat(registry.get("keywarden.audit.checkpoint.sink.up").gauge().value())
                .isZero();
        assertThat(sinks.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(sinks.health().getDetails().get("problem").toString()).startsWith("writing checkpoint 1 failed");
    }

    @Test
    void aMissingDirectoryIsNoSilentPassWhenVerificationReadsIt() throws Exception {
        CheckpointSinks sinks = sinks(work.resolve("gone"), null);
        Files.delete(work.resolve("gone"));

        assertThatThrownBy(() -> sinks.tip(Optional.empty(), keys()))
                .isInstanceOf(CheckpointSinks.SinkFailedException.class)
                .hasMessageContaining("does not exist");
        assertThat(sinks.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(registry.get("keywarden.audit.checkpoint.sink.up").gauge().value())
                .isZero();
    }

    private Map<String, PublicKey> keys() {
        return new AuditSigning(properties(work, null)).publicKeys();
    }

    private CheckpointSinks sinks(Path directory, URI endpoint) {
        return new CheckpointSinks(properties(directory, endpoint), RestClient.builder(), registry);
    }

    private static AuditProperties properties(Path directory, URI endpoint) {
        return new AuditProperties(
                "YSKwZOlCbTUfniHvpEDG+WIsmCjyIYabfNgyJ+sufFA=",
                SEED,
                List.of(),
                new AuditProperties.Checkpoints(true, Duration.ofMinutes(1), directory, endpoint));
    }

    private static Checkpoint checkpoint() {
        return Checkpoint.sign(
                1,
                42,
                "ab".repeat(32),
                42,
                Instant.parse("2026-11-28T06:45:08.123456Z"),
                SigningKey.parse("test", SEED),
                AuditChain.GENESIS,
                1L);
    }
}
