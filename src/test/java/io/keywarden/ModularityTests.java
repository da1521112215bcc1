package io.keywarden;

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
    void writesTheModuleDiagramsAndCanvases() {
        // Plain UML rather than C4, so that the PlantUML of a Debian machine renders it offline.
        DiagramOptions diagrams = DiagramOptions.defaults().withStyle(DiagramOptions.DiagramStyle.UML);
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder("docs/modules/generated"))
                .writeModulesAsPlantUml(diagrams)
                .writeIndividualModulesAsPlantUml(diagrams)
                .writeModuleCanvases();
    }
}
