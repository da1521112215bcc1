package io.keywarden.audit.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.security.PublicKey;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Where checkpoints go outside the database: the directory, and the HTTP endpoint where one is
 * configured. A write that fails, or a directory that cannot be read when verification looks for
 * the latest checkpoint, is never a silent pass: it is counted ({@code
 * keywarden.audit.checkpoint.sink.failures}), sets {@code keywarden.audit.checkpoint.sink.up} to
 * 0 (an alert), and turns the {@code auditCheckpointSinks} health component DOWN with the reason,
 * until the next write or read succeeds.
 */
@Component("auditCheckpointSinksHealthIndicator")
class CheckpointSinks implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(CheckpointSinks.class);

    private final AuditProperties.Checkpoints settings;
    private final CheckpointDirectory directory;
    private final RestClient http;
    private final Counter failures;
    private volatile String problem;
    private volatile Checkpoint lastWritten;

    CheckpointSinks(AuditProperties properties, RestClient.Builder http, MeterRegistry registry) {
        this.settings = properties.checkpoint();
        this.directory = settings.directory() == null ? null : new CheckpointDirectory(settings.directory());
        this.http = settings.endpoint() == null ? null : http.build();
        this.failures = Counter.builder("keywarden.audit.checkpoint.sink.failures")
                .description("Checkpoints that could not be written to, or read from, the sinks outside the database")
                .register(registry);
        if (settings.enabled()) {
            try {
                Files.createDirectories(settings.directory());
            } catch (IOException ex) {
                failed("creating the checkpoint directory", ex);
            }
        }
        Gauge.builder("keywarden.audit.checkpoint.sink.up", this, sinks -> sinks.problem == null ? 1 : 0)
                .description("1 while the checkpoint sinks take and give checkpoints, 0 after a failure")
                .register(registry);
    }

    /**
     * Writes to every sink; throws when one fails, so the checkpoint is not recorded as written.
     * When the endpoint fails after the directory took the file, the file is removed again: the
     * checkpoint will be rolled back, and a file left over would be signed again next time under
     * the same sequence.
     */
    void write(Checkpoint checkpoint) {
        boolean inDirectory = false;
        try {
            directory.write(checkpoint);
            inDirectory = true;
            if (http != null) {
                http.post()
                        .uri(settings.endpoint())
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(checkpoint.json())
                        .retrieve()
                        .toBodilessEntity();
            }
        } catch (IOException | RestClientException ex) {
            SinkFailedException failure = failed("writing checkpoint " + checkpoint.sequence(), ex);
            if (inDirectory) {
                discard(checkpoint);
            }
            throw failure;
        }
        lastWritten = checkpoint;
        problem = null;
    }

    /**
     * Removes from the directory a checkpoint that was written and then rolled back. The endpoint
     * keeps what it received: such a checkpoint is still a true statement of the head it names,
     * and verification accepts it beside the one signed again with its sequence.
     */
    void discard(Checkpoint checkpoint) {
        try {
            directory.remove(checkpoint);
            log.warn("Audit checkpoint {} did not commit; its file is removed", checkpoint.sequence());
        } catch (IOException ex) {
            log.warn(
                    "Audit checkpoint {} did not commit, but its file stays ({}); verification follows the"
                            + " checkpoints' hashes past it",
                    checkpoint.sequence(),
                    ex.getClass().getSimpleName());
        }
    }

    /**
     * The directory's newest checkpoints compared with the database's newest ({@link
     * CheckpointTip}); throws when the directory cannot be read, or what it holds cannot vouch for
     * the chain (a file that does not verify with these keys, or fewer checkpoints than the database
     * lists). A contradiction between the database and the sink is no fault of the sink: it is in
     * the answer's {@link CheckpointTip#forkProblem}.
     */
    CheckpointTip tip(Optional<Checkpoint> stored, Map<String, PublicKey> keys) {
        if (!settings.enabled()) {
            return CheckpointTip.none();
        }
        CheckpointTip tip;
        try {
            tip = CheckpointTip.compare(
                    stored, directory.tail(stored.map(Checkpoint::sequence).orElse(1L)), keys);
        } catch (IOException ex) {
            throw failed("reading the latest checkpoints", ex);
        }
        if (tip.sinkProblem() != null) {
            throw failed(tip.sinkProblem(), null);
        }
        problem = null;
        return tip;
    }

    /** Records a problem found with what the sink holds, such as checkpoints missing from it. */
    SinkFailedException problem(String what) {
        return failed(what, null);
    }

    @Override
    public Health health() {
        if (!settings.enabled()) {
            return Health.unknown().withDetail("checkpoints", "disabled").build();
        }
        String known = problem;
        Health.Builder health = known == null ? Health.up() : Health.down().withDetail("problem", known);
        health.withDetail("directory", settings.directory().toString());
        Checkpoint written = lastWritten;
        if (written != null) {
            health.withDetail("lastWritten", written.sequence()).withDetail("lastWrittenAt", written.createdAt());
        }
        return health.build();
    }

    private SinkFailedException failed(String what, Exception ex) {
        failures.increment();
        problem = ex == null ? what : what + " failed: " + ex.getClass().getSimpleName() + ": " + ex.getMessage();
        log.error("Audit checkpoint sink: {}", problem);
        return new SinkFailedException(problem, ex);
    }

    /** A sink could not take or give a checkpoint. */
    static final class SinkFailedException extends RuntimeException {
        SinkFailedException(String message, Exception cause) {
            super(message, cause);
        }
    }
}
