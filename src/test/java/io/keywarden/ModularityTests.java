package io.keywarden;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * Keeps the module boundaries of docs/modules/MAP.md true: no cycle between modules, and no
 * module using another's internals. It also writes the module diagrams of docs/modules from the
 * code, so the pictures in the repository cannot drift from it.
 */
class ModularityTests {

    static final ApplicationModules MODULES = ApplicationModules.of(KeywardenApplication.class);

    @Test
    void modulesKeepTheirBoundaries() {
        MODULES.verify();
    }

    @Test
    void writesTheModuleDiagramsAndCanvases() {
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder("docs/modules"))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases();
    }
}
