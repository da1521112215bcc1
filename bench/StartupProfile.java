import io.keywarden.KeywardenApplication;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.core.metrics.StartupStep;

/**
 * Where keywarden's start-up goes: runs the application with Spring's BufferingApplicationStartup,
 * and once it is ready prints the JVM's part, Spring's phases, and the beans whose own
 * instantiation (children excluded) took longest, then exits. Keywarden itself records nothing.
 *
 * <pre>
 * java -cp keywarden.jar bench/StartupProfile.java [keywarden's arguments]   (a JDK, not a JRE)
 * </pre>
 *
 * The extracted jar (java -Djarmode=tools -jar keywarden.jar extract) carries its libraries in
 * its manifest's Class-Path, so the one jar on the class path is enough.
 */
public class StartupProfile {

    public static void main(String[] args) {
        long mainAt = System.currentTimeMillis();
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        BufferingApplicationStartup startup = new BufferingApplicationStartup(100_000);
        SpringApplication app = new SpringApplication(KeywardenApplication.class);
        app.setApplicationStartup(startup);
        app.addListeners(event -> {
            if (event instanceof ApplicationReadyEvent ready) {
                long readyAt = System.currentTimeMillis();
                report(startup.getBufferedTimeline(), jvmStart, mainAt, readyAt);
                System.exit(SpringApplication.exit(ready.getApplicationContext()));
            }
        });
        app.run(args);
    }

    record Step(long id, Long parent, String name, Map<String, String> tags, Duration duration) {}

    static void report(StartupTimeline timeline, long jvmStart, long mainAt, long readyAt) {
        List<Step> steps = new ArrayList<>();
        for (StartupTimeline.TimelineEvent event : timeline.getEvents()) {
            StartupStep step = event.getStartupStep();
            Map<String, String> tags = new HashMap<>();
            step.getTags().forEach(tag -> tags.put(tag.getKey(), tag.getValue()));
            steps.add(new Step(step.getId(), step.getParentId(), step.getName(), tags, event.getDuration()));
        }
        Map<Long, Long> childMillis = new HashMap<>();
        for (Step step : steps) {
            if (step.parent() != null) {
                childMillis.merge(step.parent(), step.duration().toMillis(), Long::sum);
            }
        }
        var runtime = ManagementFactory.getRuntimeMXBean();
        var classes = ManagementFactory.getClassLoadingMXBean();
        var compiler = ManagementFactory.getCompilationMXBean();
        long gcMillis = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(gc -> Math.max(0, gc.getCollectionTime()))
                .sum();
        long cpuMillis = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime()
                / 1_000_000;
        System.out.printf("%n== start-up profile ==%n");
        System.out.printf("JVM start to main():            %6d ms%n", mainAt - jvmStart);
        System.out.printf("main() to ApplicationReady:     %6d ms%n", readyAt - mainAt);
        System.out.printf("JVM start to ApplicationReady:  %6d ms (process CPU %d ms)%n", readyAt - jvmStart, cpuMillis);
        System.out.printf("classes loaded:                 %6d%n", classes.getTotalLoadedClassCount());
        System.out.printf("JIT compilation time:           %6d ms%n", compiler.getTotalCompilationTime());
        System.out.printf("GC time:                        %6d ms%n", gcMillis);
        System.out.printf("JVM arguments: %s%n", runtime.getInputArguments());

        System.out.printf("%n-- Spring's phases (top level, inclusive) --%n");
        steps.stream()
                .filter(step -> step.parent() == null)
                .forEach(step -> System.out.printf("%6d ms  %s %s%n", step.duration().toMillis(), step.name(), step.tags()));

        System.out.printf("%n-- steps by name (self time, children excluded) --%n");
        Map<String, long[]> byName = new TreeMap<>();
        for (Step step : steps) {
            long self = step.duration().toMillis() - childMillis.getOrDefault(step.id(), 0L);
            long[] sum = byName.computeIfAbsent(step.name(), name -> new long[2]);
            sum[0] += self;
            sum[1]++;
        }
        byName.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[0]).reversed())
                .limit(15)
                .forEach(e -> System.out.printf("%6d ms  %5d x  %s%n", e.getValue()[0], e.getValue()[1], e.getKey()));

        System.out.printf("%n-- beans by own instantiation time (children excluded), top 40 --%n");
        steps.stream()
                .filter(step -> step.name().equals("spring.beans.instantiate"))
                .sorted(Comparator.comparingLong(
                                (Step step) -> step.duration().toMillis() - childMillis.getOrDefault(step.id(), 0L))
                        .reversed())
                .limit(40)
                .forEach(step -> System.out.printf(
                        "%6d ms self, %6d ms total  %s %s%n",
                        step.duration().toMillis() - childMillis.getOrDefault(step.id(), 0L),
                        step.duration().toMillis(),
                        step.tags().get("beanName"),
                        step.tags().getOrDefault("beanType", "")));

        System.out.printf("%n-- bean self time by package of the bean's type --%n");
        Map<String, Long> byPackage = new HashMap<>();
        for (Step step : steps) {
            if (!step.name().equals("spring.beans.instantiate")) {
                continue;
            }
            String type = step.tags().getOrDefault("beanType", step.tags().getOrDefault("beanName", "?"));
            byPackage.merge(
                    group(type), step.duration().toMillis() - childMillis.getOrDefault(step.id(), 0L), Long::sum);
        }
        byPackage.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(25)
                .forEach(e -> System.out.printf("%6d ms  %s%n", e.getValue(), e.getKey()));
        System.out.flush();
    }

    /** The first three (four for io.keywarden) segments of a class name: a library or a module. */
    static String group(String type) {
        String name = type.replaceFirst("^class ", "").replaceFirst("^interface ", "");
        String[] parts = name.split("\\.");
        int keep = name.startsWith("io.keywarden.") ? 3 : name.startsWith("org.springframework.") ? 4 : 2;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(keep, parts.length - 1); i++) {
            out.append(i == 0 ? "" : ".").append(parts[i]);
        }
        return out.length() == 0 ? name : out.toString();
    }
}
