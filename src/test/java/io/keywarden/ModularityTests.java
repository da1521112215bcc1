package io.keywarden;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;
import org.springframework.modulith.docs.Documenter.DiagramOptions;

/**
 * Keeps the module boundaries of docs/architecture.md#modules (and docs/modules/MAP.md) true: no cycle between modules, and no
 * module using another's internals. It also writes the module diagrams of docs/modules/generated
 * from the code, so the pictures in the repository cannot drift from it.
 */
class ModularityTests {

    static final ApplicationModules MODULES = ApplicationModules.of(KeywardenApplication.class);

    @Test
    void modulesKeepTheirBoundaries() {
        MODULES.verify();
    }

    @Test
    void writesTheModuleDiagramsAndCanvases() throws IOException {
        // Plain UML rather than C4, so that the PlantUML of a Debian machine renders it offline.
        DiagramOptions diagrams = DiagramOptions.defaults().withStyle(DiagramOptions.DiagramStyle.UML);
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder("docs/modules/generated"))
                .writeModulesAsPlantUml(diagrams)
                .writeIndividualModulesAsPlantUml(diagrams)
                .writeModuleCanvases();
        sortRelationships(Path.of("docs/modules/generated"));
    }

    /**
     * The Documenter writes relationships in hash order, which changes from run to run; sorted,
     * a diagram changes in the repository only when the modules do.
     */
    private static void sortRelationships(Path folder) throws IOException {
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
}
