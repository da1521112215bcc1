package io.keywarden.platform.boot;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Lets the {@code local} profile use Docker Compose's PostgreSQL only where a Docker engine
 * answers. Spring Boot's Docker Compose support fails the start-up when the {@code docker} client
 * exists but no engine runs behind it; on such machines the local PostgreSQL is used instead.
 * Where it does answer, Flyway migrates as the owner that {@code docker-compose.yml} creates.
 */
class DockerComposeWhenEngineAnswers implements EnvironmentPostProcessor {

    private static final String ENABLED = "spring.docker.compose.enabled";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getProperty(ENABLED, Boolean.class, false)) {
            return;
        }
        if (!engineAnswers()) {
            environment
                    .getPropertySources()
                    .addFirst(new MapPropertySource("dockerEngineAbsent", Map.of(ENABLED, false)));
            return;
        }
        // Compose's PostgreSQL has no "postgres" role: Flyway migrates as the owner docker-compose.yml
        // creates there; keywarden itself then connects with the container's own credentials.
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "dockerComposeOwner",
                        Map.of("spring.flyway.user", "keywarden", "spring.flyway.password", "keywarden")));
    }

    static boolean engineAnswers() {
        String host = System.getenv("DOCKER_HOST");
        if (host != null && !host.isBlank()) {
            return answers(URI.create(host));
        }
        return answers(Path.of("/var/run/docker.sock"));
    }

    private static boolean answers(URI host) {
        if ("unix".equals(host.getScheme())) {
            return answers(Path.of(host.getPath()));
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host.getHost(), host.getPort()), 500);
            return true;
        } catch (IOException | IllegalArgumentException ex) {
            return false;
        }
    }

    private static boolean answers(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException ex) {
            return false;
        }
    }
}
