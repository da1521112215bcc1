package io.keywarden.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.keywarden.KeywardenApplication;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationHook;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Docker image's start: its entry point runs the JVM with the settings of docker/jvm.options
 * (the file bench/image-settings.sh measures), and its AOT-cache training run, which has no
 * database, gets the application context refreshed.
 */
class ImageSettingsTests {

    @Test
    void theImageStartsKeywardenThroughTheEntryPointThatReadsTheSharedJvmOptions() throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile"));

        assertThat(dockerfile)
                .contains("FROM eclipse-temurin:25-jre")
                .contains("COPY docker/jvm.options docker/keywarden ./")
                .contains("RUN /tmp/aot-training/train-aot-cache.sh /app")
                .contains("ENTRYPOINT [\"/app/keywarden\"]")
                .doesNotContain("JAVA_TOOL_OPTIONS");
        assertThat(Files.readString(Path.of("bench/image-settings.sh")))
                .contains("cp docker/jvm.options docker/keywarden")
                .contains("docker/train-aot-cache.sh");
    }

    @Test
    void theEntryPointPutsJavaOptsAfterTheSharedSettingsSoTheyWin(@TempDir Path app)
            throws IOException, InterruptedException {
        Files.copy(Path.of("docker/keywarden"), app.resolve("keywarden"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(Path.of("docker/jvm.options"), app.resolve("jvm.options"));

        String withoutCache = printedCommand(app, Map.of("JAVA_OPTS", "-Xms256m -Xmx256m"));
        Files.writeString(app.resolve("keywarden.aot"), "cache");
        String withCache = printedCommand(app, Map.of());

        assertThat(withoutCache)
                .isEqualTo("MALLOC_ARENA_MAX=2 /opt/jdk/bin/java @" + app.toAbsolutePath() + "/jvm.options"
                        + " -Xms256m -Xmx256m -jar " + app.toAbsolutePath() + "/keywarden.jar --server.port=8081");
        assertThat(withCache)
                .contains(" -XX:AOTCache=" + app.toAbsolutePath() + "/keywarden.aot -jar ")
                .startsWith("MALLOC_ARENA_MAX=2 ");
    }

    @Test
    void theJvmOptionsFixTheHeapAndEndTheProcessOnOutOfMemory() throws IOException {
        List<String> options = Files.readAllLines(Path.of("docker/jvm.options")).stream()
                .map(line -> line.replaceFirst("#.*", "").strip())
                .filter(line -> !line.isEmpty())
                .toList();

        assertThat(options).contains("-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC");
        String xms =
                options.stream().filter(o -> o.startsWith("-Xms")).findFirst().orElseThrow();
        String xmx =
                options.stream().filter(o -> o.startsWith("-Xmx")).findFirst().orElseThrow();
        // One size, so the AOT cache's archived objects always find room in the initial heap.
        assertThat(xms.substring(4)).isEqualTo(xmx.substring(4));
    }

    /**
     * What the image build does, short of the JVM's recording: start keywarden with
     * docker/aot-training.yml and nothing listening where the database would be. Refreshing the
     * context must not need a database, or the image build fails. The run is abandoned once the
     * context is refreshed and started, as the training run exits then.
     */
    @Test
    void theAotTrainingSettingsRefreshTheApplicationWithoutADatabase(@TempDir Path checkpoints) {
        // The test JVM points spring.datasource.* at the test database through system properties,
        // which outrank the training file; the command line outranks them.
        String[] args = {
            "--spring.config.additional-location=file:docker/aot-training.yml",
            "--spring.datasource.url=jdbc:postgresql://127.0.0.1:9/aot-training",
            "--spring.datasource.username=aot-training",
            "--spring.datasource.password=aot-training",
            "--keywarden.audit.checkpoint.directory=" + checkpoints,
            "--server.port=0"
        };
        SpringApplicationHook stopOnceStarted = application -> new SpringApplicationRunListener() {
            @Override
            public void started(ConfigurableApplicationContext context, Duration timeTaken) {
                throw new SpringApplication.AbandonedRunException(context);
            }
        };

        SpringApplication.AbandonedRunException abandoned = catchThrowableOfType(
                SpringApplication.AbandonedRunException.class,
                () -> SpringApplication.withHook(stopOnceStarted, () -> KeywardenApplication.main(args)));

        try (ConfigurableApplicationContext context = abandoned.getApplicationContext()) {
            assertThat(context.isActive()).isTrue();
            assertThat(context.containsBean("transactionManager")).isTrue();
            assertThat(context.containsBean("groupCommit")).isTrue();
            assertThat(context.containsBean("migrationsHealthIndicator")).isFalse();
        }
    }

    private static String printedCommand(Path app, Map<String, String> environment)
            throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder(app.resolve("keywarden").toString(), "--server.port=8081").redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.equals("JAVA_OPTS") || name.startsWith("MALLOC_"));
        builder.environment().put("JAVA_HOME", "/opt/jdk");
        builder.environment().put("KEYWARDEN_PRINT_COMMAND", "1");
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
