package io.keywarden.support;

import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.DockerClientFactory;

/**
 * Answers once per JVM whether a Docker engine answers. Without a {@code DOCKER_HOST} or a local
 * socket there is nothing to ask, which spares the run Testcontainers' noisy probe.
 */
final class DockerProbe {

    private static final boolean AVAILABLE = probe();

    private DockerProbe() {}

    static boolean dockerAvailable() {
        return AVAILABLE;
    }

    private static boolean probe() {
        boolean somethingToAsk = System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".testcontainers.properties"));
        if (!somethingToAsk) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException ex) {
            return false;
        }
    }
}
