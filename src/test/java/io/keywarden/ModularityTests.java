package io.keywarden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import modulefixture.FixtureApplication;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.core.Violations;
import org.springframework.modulith.docs.Documenter;
import org.springframework.modulith.docs.Documenter.DiagramOptions;

/**
 * Keeps the module boundaries of docs/architecture.md#modules (and docs/modules/MAP.md) true: no
 * cycle between modules, no module using another's internals, and no dependency a module has not
 * declared in its {@code package-info.java}, so a new arrow between modules is a decision made in
 * review, not an accident. It also writes the module diagrams of docs/modules/generated from the
 * code, so the pictures in the repository cannot drift from it.
 */
class ModularityTests {

    static final ApplicationModules MODULES = ApplicationModules.of(KeywardenApplication.class);

    @Test
    void modulesKeepTheirBoundaries() {
        MODULES.verify();
    }

    @Test
    void everyModuleDeclaresWhatItMayDependOn() {
        List<String> undeclared = MODULES.stream()
                .filter(module -> declared(module.getBasePackage().getName()) == null)
                .map(module -> module.getIdentifier().toString())
                .toList();

        assertThat(undeclared)
                .as("modules without @ApplicationModule(allowedDependencies = ...) in their package-info.java")
                .isEmpty();
    }

    @Test
    void aDependencyAModuleDidNotDeclareIsRefused() {
        ApplicationModules fixture = ApplicationModules.of(FixtureApplication.class, location -> true);

        assertThatThrownBy(fixture::verify)
                .isInstanceOf(Violations.class)
                .hasMessageContaining("Module 'orders' depends on module 'billing'");
    }

    @Test
    void writesTheModuleDiagramsAndCanvases() throws IOException {
        // Plain UML rather than C4, so that the PlantUML of a Debian machine renders it offline.
        DiagramOptions diagrams = DiagramOptions.defaults().withStyle(DiagramOptions.DiagramStyle.UML);
        deleteEarlierDiagrams(Path.of("docs/modules/generated"));
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder("docs/modules/generated"))
                .writeModulesAsPlantUml(diagrams)
                .writeIndividualModulesAsPlantUml(diagrams)
                .writeModuleCanvases();
        sortRelationships(Path.of("docs/modules/generated"));
    }

    /** The allowed dependencies a module's package declares, or {@code null} when it declares none. */
    private static String[] declared(String basePackage) {
        try {
            ApplicationModule module =
                    Class.forName(basePackage + ".package-info").getAnnotation(ApplicationModule.class);
            return module == null || List.of(module.allowedDependencies()).contains(ApplicationModule.OPEN_TOKEN)
                    ? null
                    : module.allowedDependencies();
        } catch (ClassNotFoundException ex) {
            return null;
        }
    }

    /** A module that is gone leaves no diagram behind. */
    private static void deleteEarlierDiagrams(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(
                            f -> f.toString().endsWith(".puml") || f.toString().endsWith(".adoc"))
                    .toList()) {
                Files.delete(file);
            }
        }
    }

    /**
     * The Documenter writes relationships, and a canvas's lists (the events a module listens to), in
     * hash order, which changes from run to run; sorted, a diagram or a canvas changes in the
     * repository only when the modules do.
     */
    private static void sortRelationships(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".adoc")).toList()) {
                Files.write(file, sortedLists(Files.readAllLines(file)));
            }
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".puml")).toList()) {
                List<String> lines = Files.readAllLines(file);
                List<String> sorted = new ArrayList<>();
                List<String> run = new ArrayList<>();
                for (String line : lines) {
                    if (line.contains(" --> ")) {
                        run.add(line);
                        continue;
                    }
                    sorted.addAll(run.stream().sorted().toList());
                    run.clear();
                    sorted.add(line);
                }
                sorted.addAll(run.stream().sorted().toList());
                Files.write(file, sorted);
            }
        }
    }

    /**
     * A canvas's table cell lists its items as lines starting with {@code * }, the first of them
     * also opening the cell ({@code |* }): each such run, sorted, with the cell opened on the first.
     */
    private static List<String> sortedLists(List<String> lines) {
        List<String> sorted = new ArrayList<>();
        List<String> run = new ArrayList<>();
        boolean opensCell = false;
        for (String line : lines) {
            boolean item = line.startsWith("* ") || line.startsWith("|* ");
            boolean continuing = line.startsWith("* ") && !run.isEmpty();
            if (!continuing) {
                flush(sorted, run, opensCell);
                opensCell = line.startsWith("|* ");
            }
            if (item) {
                run.add(line.startsWith("|") ? line.substring(1) : line);
            } else {
                sorted.add(line);
            }
        }
        flush(sorted, run, opensCell);
        return sorted;
    }

    private static void flush(List<String> sorted, List<String> run, boolean opensCell) {
        List<String> items = run.stream().sorted().toList();
        for (int i = 0; i < items.size(); i++) {
            sorted.add(i == 0 && opensCell ? "|" + items.get(i) : items.get(i));
        }
        run.clear();
    }
}
